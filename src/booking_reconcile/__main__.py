"""``python -m booking_reconcile``: the ``booking-reconcile`` command."""

from __future__ import annotations

from booking_reconcile.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
