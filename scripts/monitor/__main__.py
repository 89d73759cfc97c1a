"""`python -m monitor …`: see `monitor.cli`."""

from .cli import main

raise SystemExit(main())
