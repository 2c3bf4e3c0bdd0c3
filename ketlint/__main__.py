import sys

from ketlint.cli import main

sys.exit(main())
