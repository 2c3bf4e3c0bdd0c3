import sys

from ketlint.cli import console_main

sys.exit(console_main())
