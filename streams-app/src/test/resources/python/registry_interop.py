#!/usr/bin/python3
"""Independent client check for copydesk's embedded schema registry.

Uses Debian's python3-confluent-kafka (SchemaRegistryClient) and python3-avro, never copydesk code.
"read" compares Avro canonical forms in Python (both sides parsed by python3-avro) and returns the
schema texts so that the caller can compare them too. Every command prints one JSON object on stdout; failures exit non-zero with the reason on stderr.

  registry_interop.py read URL AUTH SCHEMA_ID SUBJECT EXPECTED_SCHEMA_FILE
  registry_interop.py register URL AUTH SUBJECT SCHEMA_FILE
  registry_interop.py decode URL AUTH RECORD_FILE
  registry_interop.py delete URL AUTH SUBJECT

AUTH is "user:password" or "-" for none.
"""
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient


def client(url, auth):
    conf = {"url": url}
    if auth != "-":
        conf["basic.auth.user.info"] = auth
    return SchemaRegistryClient(conf)


def canonical(schema_str):
    return avro.schema.parse(schema_str).canonical_form


def read(sr, schema_id, subject, expected_file):
    with open(expected_file, encoding="utf-8") as f:
        expected = canonical(f.read())
    by_id = sr.get_schema(int(schema_id))
    latest = sr.get_latest_version(subject)
    return {
        "by_id": by_id.schema_str,
        "by_id_matches": canonical(by_id.schema_str) == expected,
        "latest": {"id": latest.schema_id, "version": latest.version, "subject": latest.subject,
                   "schema": latest.schema.schema_str},
        "latest_matches": canonical(latest.schema.schema_str) == expected,
        "versions": sr.get_versions(subject),
        "subjects": sr.get_subjects(),
        "types_ok": by_id.schema_type == "AVRO",
    }


def register(sr, subject, schema_file):
    with open(schema_file, encoding="utf-8") as f:
        schema = Schema(f.read(), "AVRO")
    schema_id = sr.register_schema(subject, schema)
    found = sr.lookup_schema(subject, schema)
    return {"id": schema_id, "lookup_id": found.schema_id, "lookup_version": found.version,
            "compatible": sr.test_compatibility(subject, schema)}


def decode(sr, record_file):
    with open(record_file, "rb") as f:
        data = f.read()
    if len(data) < 5:
        raise SystemExit("record too short: %d bytes" % len(data))
    magic, schema_id = struct.unpack(">bI", data[:5])
    if magic != 0:
        raise SystemExit("magic byte is %d, not 0" % magic)
    writer = avro.schema.parse(sr.get_schema(schema_id).schema_str)
    record = avro.io.DatumReader(writer).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
    published = record.get("published_at")
    if hasattr(published, "timestamp"):  # python3-avro maps timestamp-millis to an aware datetime
        record["published_at"] = round(published.timestamp() * 1000)
    return {"magic": magic, "schema_id": schema_id, "writer": writer.fullname, "record": record}


def delete(sr, subject):
    """A permanent delete as the client does it (soft, then ?permanent=true), then what is left of the subject."""
    deleted = sr.delete_subject(subject, permanent=True)
    try:
        left = sr.get_versions(subject)
        error = None
    except Exception as e:  # SchemaRegistryError: the subject is gone
        left = None
        error = getattr(e, "error_code", None)
    return {"deleted": deleted, "versions_after": left, "error_code_after": error,
            "subjects_after": sr.get_subjects()}


def main(argv):
    command, url, auth, *rest = argv[1:]
    sr = client(url, auth)
    result = {"read": read, "register": register, "decode": decode, "delete": delete}[command](sr, *rest)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
