"""The idempotency store's SQL in Python's sqlite3, old (key-ordered) and new (rowid + unique key index) layout,
for load-independent I/O counts (docs/benchmarks.md, batch section):

    strace -f -c -e trace=pwrite64,pread64,fdatasync .venv/bin/python bench/batch/layout_ab.py old /tmp/old.db 8000
    strace -f -c -e trace=pwrite64,pread64,fdatasync .venv/bin/python bench/batch/layout_ab.py new /tmp/new.db 8000
    strace -f -c -e trace=pwrite64,pread64,fdatasync .venv/bin/python bench/batch/layout_ab.py packed /tmp/packed.db 8000

`packed` is the current store: keys stored as bytes (namespace, '#', the 32 bytes of the SHA-256) and a checkpoint
every 8,192 WAL frames instead of 1,000.

Each batch locks 10 new random SHA-256 keys in one transaction and completes them in another, as
BatchProcessor + SQLiteIdempotencyStore do.
"""
import hashlib
import sqlite3
import sys

layout, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
if layout == "old":
    db.execute("CREATE TABLE t (key TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL, expires_at INTEGER NOT NULL, payload_hash TEXT, result BLOB, lock_token TEXT NOT NULL) WITHOUT ROWID")
elif layout == "packed":
    db.execute("PRAGMA cache_size=-32768"); db.execute("PRAGMA wal_autocheckpoint=8192")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, status TEXT NOT NULL, expires_at INTEGER NOT NULL, payload_hash TEXT, result BLOB, lock_token TEXT NOT NULL)")
else:
    db.execute("PRAGMA cache_size=-32768")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, status TEXT NOT NULL, expires_at INTEGER NOT NULL, payload_hash TEXT, result BLOB, lock_token TEXT NOT NULL)")
n = 0
for batch in range(int(sys.argv[3])):
    if layout == "packed":
        keys = [b"\x01bench#" + hashlib.sha256(f"{batch}-{i}".encode()).digest() for i in range(10)]
    else:
        keys = ["bench#" + hashlib.sha256(f"{batch}-{i}".encode()).hexdigest() for i in range(10)]
    db.execute("BEGIN IMMEDIATE")
    for k in keys:
        db.execute("INSERT INTO t (key,status,expires_at,payload_hash,result,lock_token) VALUES (?,'INPROGRESS',?,NULL,NULL,?) ON CONFLICT(key) DO UPDATE SET status=excluded.status WHERE t.expires_at <= 0 RETURNING lock_token", (k, 10**13, "abcdef0123456789abcdef")).fetchall()
    db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    for k in keys:
        db.execute("UPDATE t SET status='COMPLETED', result=?, expires_at=? WHERE key=? AND lock_token=? AND status='INPROGRESS'", (b"{}", 10**13, k, "abcdef0123456789abcdef"))
    db.execute("COMMIT")
