"""Check every administration of JSON Lines files on Dask, and write the answers as JSON Lines.

    python check_with_dask.py 'snapshots/*.jsonl' answers/ [--blocksize 8MiB]

Each input line is one administration's snapshot (the JSON that
``Snapshot.to_dict()`` writes, with ``labels`` naming the administration);
each output line is its answer (``booking_reconcile.batch.check_one``), in
input order, one ``part-N.jsonl`` file per partition. A bad line is an answer
with ``"status": "error"``, never a failed task.
"""

import argparse
import json

import dask.bag as db

from booking_reconcile.batch import check_one


def answer_line(line: str) -> str:
    """One line of snapshot JSON in, one line of answer JSON out."""
    return json.dumps(check_one(line), ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshots", help="JSON Lines files of snapshots: a path, a glob, s3://...")
    parser.add_argument("answers", help="the folder for the answers, one part-N.jsonl a partition")
    parser.add_argument(
        "--blocksize",
        default="8MiB",
        help="input bytes per partition (default 8MiB): a big file is cut into many "
        "partitions, which the workers check side by side",
    )
    parser.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    arguments = parser.parse_args()
    lines = db.read_text(arguments.snapshots, blocksize=arguments.blocksize)
    answers = lines.map(str.strip).filter(bool).map(answer_line)  # blank lines skipped
    answers.to_textfiles(
        f"{arguments.answers}/part-*.jsonl",
        name_function=lambda number: f"{number:05d}",  # part files sort in input order
        last_endline=True,  # so that `cat answers/*.jsonl` keeps one answer a line
        scheduler="processes",
        num_workers=arguments.workers,
    )


# Dask's process scheduler starts its workers by spawn: each imports this file
# again, and without the guard each would start a scheduler of its own.
if __name__ == "__main__":
    main()
