"""`python -m masterydesk`."""

import sys

from masterydesk.cli import main

sys.exit(main())
