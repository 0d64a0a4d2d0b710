"""Clean a JSONL crawl dump with Apache Spark.

Each partition of the dump is piped through newsclean, which reads JSONL on
stdin and writes JSONL on stdout (`RDD.pipe`), so Spark only moves lines
around and newsclean does the cleaning, exactly as on one machine.

    python examples/spark/clean_dump.py DUMP.jsonl OUT_DIR \
        [--newsclean target/release/newsclean] [--master local[2]]

OUT_DIR receives Spark's part-NNNNN files; read in order, they hold the
documents in input order. Documents left empty by cleaning are not written.
Every partition gets the job's start time (or SOURCE_DATE_EPOCH) as the
Dolma `added` of its documents. Each partition marks the copies it sees;
`newsclean dedup OUT_DIR/part-*` then finds those across partitions.
"""

import argparse
import os
import shlex
import time

from pyspark.sql import SparkSession


def clean_dump(spark, dump, out_dir, newsclean, partitions):
    lines = spark.sparkContext.textFile(dump, minPartitions=partitions)
    command = [newsclean, "clean", "-q", "--input-format", "jsonl", "--format", "jsonl", "-"]
    # newsclean exits 1 when some documents failed; those are reported on
    # stderr and the others are still written, so the exit code is not fatal.
    # pipe() starts newsclean with only this environment.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", str(int(time.time()))),
    }
    cleaned = lines.pipe(shlex.join(command), env=env, checkCode=False)
    cleaned.saveAsTextFile(out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", help="JSONL dump: one object per line with id and text or html")
    parser.add_argument("out_dir", help="folder for the cleaned JSONL part files")
    parser.add_argument("--newsclean", default="newsclean", help="path of the newsclean binary")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    builder = SparkSession.builder.appName("newsclean")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        clean_dump(spark, args.dump, args.out_dir, args.newsclean, args.partitions)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
