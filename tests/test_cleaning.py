"""Cleaning rules, driven by a table of lines from many kinds of site (not only the sample)."""

import pytest

from analysis.ingest.cleaning import clean_article, line_reason
from analysis.results import Article

FURNITURE = [
    ("LEAVE A REPLY", "message to readers"),
    ("Please enter your comment!", "message to readers"),
    ("Sign up to our free morning newsletter", "message to readers"),
    ("Follow us on Twitter for live updates", "message to readers"),
    ("ALSO READ | Markets rally as inflation cools", "link to another article"),
    ("Read more: Five things we learned from the summit", "link to another article"),
    ("RELATED: Storm batters coast", "link to another article"),
    ("Subscribe And Follow Daily News On Telegram: https://t.me/dailynews", "web link"),
    ("Source: Read Full Article", "credit line"),
    ("Photo: Jane Doe/Reuters", "credit line"),
    ("×", "no words"),
    ("0", "no words"),
    ("* * *", "no words"),
    ("Get in touch with our team by emailing us at [email protected].", "e-mail placeholder"),
    ("Comments", "page control"),
    ("Share this article", "page control"),
    ("Advertisement", "page control"),
    ("Thursday 3 March 2022 09:41 GMT", "timestamp"),
    ("Updated: Jan. 5, 2024, 10:30 a.m. ET", "timestamp"),
    ("--With PTI inputs", "agency credit"),
    ("With inputs from Reuters", "agency credit"),
    ("The prime minister arrives at the summit in Brussels on Monday (AP)", "photo caption"),
    ("Rescuers search the rubble in Antakya (Getty Images)", "photo caption"),
    ("Supporters gather outside the court (EPA-EFE/Jane Doe)", "photo caption"),
    ("Firefighters at the scene of the blaze in the north of the city on Tuesday | ANI",
     "photo caption"),
    ("Please refresh the page or navigate to another page on the site", "message to readers"),
    ("All rights reserved. © 2024 Example Media", "message to readers"),
]

STORY = [
    "The minister said the talks would resume next week.",
    "Kim also briefed Shoigu on plans to expand the country's military capabilities",
    "The missiles are believed to have the range to hit targets anywhere in the United States.",
    "Among the weapons shown was the Hwasong intercontinental ballistic missile (ICBM), which "
    "was tested in April.",
    "\"It doesn't help,\" Easley said.",
    "North Korea has been under UN sanctions since 2006.",
    "Protesters said they would subscribe to no deal that ignored their demands, he added, "
    "according to officials who spoke on condition of anonymity at length.",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_is_dropped_with_its_reason(line, reason):
    assert line_reason(line, position=5) == reason


@pytest.mark.parametrize("line", STORY)
def test_story_lines_are_kept(line):
    assert line_reason(line, position=5) is None


def test_headline_is_kept_even_in_title_case():
    assert line_reason("Leaders Gather In Brussels For Summit On Trade", position=0) is None
    assert line_reason("Leaders Gather In Brussels For Summit On Trade", position=7) is not None


def test_byline_only_near_the_top():
    assert line_reason("Arpan Rai", position=2) == "byline"
    assert line_reason("By Jane Smith", position=1) == "byline"
    assert line_reason("Vedant Patel", position=20) is None


def test_clean_article_records_removed_lines_and_metadata():
    text = ("Big headline\nJane Smith\nFriday 28 July 2023 13:18 BST\nA story sentence.\n"
            "LEAVE A REPLY")
    cleaned = clean_article(Article(id="a", text=text))
    assert cleaned.text == "Big headline\nA story sentence."
    assert [r.text for r in cleaned.removed] == [
        "Jane Smith", "Friday 28 July 2023 13:18 BST", "LEAVE A REPLY"]
    assert [r.line for r in cleaned.removed] == [1, 2, 4]
    assert cleaned.article.published == "2023-07-28"
    assert cleaned.article.author == "Jane Smith"


def test_a_timestamp_without_its_year_gives_no_publication_date():
    """The one date reader (analysis.ingest.formats.common.parse_date) keeps only a date
    stated in full: dateutil alone would complete "Friday 28 July 13:18" with this year."""
    cleaned = clean_article(Article(id="a", text="Big headline\nFriday 28 July 13:18 BST\n"
                                                 "A story sentence."))
    assert [r.reason for r in cleaned.removed] == ["timestamp"]
    assert cleaned.article.published is None


def test_restore_keeps_a_removed_line():
    text = "Headline\nA story sentence.\nComments"
    cleaned = clean_article(Article(id="a", text=text), restore=["Comments"])
    assert cleaned.text.endswith("Comments")
    assert cleaned.removed == ()


def test_cleaning_can_be_switched_off():
    text = "Headline\nLEAVE A REPLY"
    assert clean_article(Article(id="a", text=text), enabled=False).text == text


def test_sample_story_furniture(sample_articles):
    removed = {
        a.id: [r.text for r in clean_article(a).removed] for a in sample_articles
    }
    assert "LEAVE A REPLY" in removed["001_e04fe7b58e7037ad"]
    assert any("Telegram" in line for line in removed["000_adeca93de2b3738f"])
    assert any(line.startswith("ALSO READ") for line in removed["000_adeca93de2b3738f"])
    assert "Source: Read Full Article" in removed["002_7c91d741beb2bec9"]
    assert "×" in removed["003_c4549c38badeb659"]
    assert sum("(via REUTERS)" in line for line in removed["004_1ba25c30ac1e166f"]) == 3
    # The headline and standfirst of 004 stay.
    kept = clean_article(sample_articles[4]).text.split("\n")
    assert kept[0].startswith("Putin thanks North Korea")
    assert kept[1].startswith("North Korea joined by allies")


def test_headline_is_the_first_kept_line_after_page_furniture():
    """Positions count kept lines, so furniture above the headline does not demote it."""
    text = ("Advertisement\nShare this article\nLeaders Gather In Brussels For Summit On Trade\n"
            "The leaders met on Monday.")
    cleaned = clean_article(Article(id="a", text=text))
    assert cleaned.text.splitlines()[0] == "Leaders Gather In Brussels For Summit On Trade"
    assert [r.reason for r in cleaned.removed] == ["page control", "page control"]


@pytest.mark.parametrize("line", [
    "Your email address will not be published.",
    "Required fields are marked *",
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Sign up for our newsletter for the best of the Courier delivered to your inbox every "
    "morning.",
])
def test_comment_forms_and_long_newsletter_calls_are_furniture(line):
    """WordPress prints the first four under every post (comment_form() defaults); the last
    is longer than the short-prompt rule allows, but a sign-up call with 'newsletter'."""
    assert line_reason(line, position=12) == "message to readers"


def test_a_news_sentence_about_a_newsletter_is_kept():
    line = ("The council will publish a newsletter for residents affected by the flood next "
            "week, the mayor said.")
    assert line_reason(line, position=12) is None
