"""Check every administration of a JSON Lines file on every core, and print the answers.

    python check_on_every_core.py snapshots.jsonl > answers.jsonl

Each input line is one administration's snapshot; each output line its
answer (``booking_reconcile.batch.check_many``), in input order.
"""

import json
import sys

from booking_reconcile.batch import check_many


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as lines:
        for answer in check_many(line for line in lines if line.strip()):
            print(json.dumps(answer, ensure_ascii=False))


# Where processes start by spawn or forkserver, each worker imports this file
# again; without the guard each would start a pool of its own.
if __name__ == "__main__":
    main()
