"""`python -m backprop_lessons` runs the command line."""
import sys

from backprop_lessons.cli import main

sys.exit(main())
