import sys

from analysis.cli.commands import main

sys.exit(main())
