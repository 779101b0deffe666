"""`python -m brannsam …`: the command line lives in `brannsam.cli`."""

import sys

from brannsam.cli.main import main

sys.exit(main())
