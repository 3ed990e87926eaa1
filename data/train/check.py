#!/usr/bin/env python3
"""Validate training files: python3 data/train/check.py FILE... (or no argument: every file).

The family is read from the folder a file sits in: intents/, tone/ and parts/ hold TSV lines,
notes/ whole notes as JSON lines. Prints one line per
problem and a count per label; exits 1 on any problem.
"""
import collections
import json
import pathlib
import sys

INTENTS = """greet introduce empathize apologize acknowledge paraphrase ask_symptoms
ask_error_message ask_when_started ask_what_changed ask_scope verify_identity set_expectations
confirm_resolution offer_more_help escalate blame_user dismiss ask_why none""".split()
TONES = "empathy blame dismissive condescending sarcastic rude polite neutral".split()
PARTS = "symptom cause action verification none".split()
ALONE = {"none", "neutral"}


def check_labels(labels, allowed, where, problems):
    if not labels or len(set(labels)) != len(labels):
        problems.append(f"{where}: empty or repeated labels {labels}")
    for label in labels:
        if label not in allowed:
            problems.append(f"{where}: unknown label {label!r}")
        if label in ALONE and len(labels) > 1:
            problems.append(f"{where}: {label!r} must stand alone")


def check_tsv(path, allowed, problems, counts):
    seen = set()
    with open(path, encoding="utf-8", newline="") as file:
        lines = file.read().split("\n")
    if lines[0] != "labels\tline":
        problems.append(f"{path}:1: header must be 'labels<TAB>line'")
    for number, row in enumerate(lines[1:], start=2):
        if not row.strip():
            continue
        fields = row.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 2 or not fields[1].strip():
            problems.append(f"{where}: want two fields, got {len(fields)}")
            continue
        if '"' in fields[1]:
            problems.append(f"{where}: double quote in line")
        labels = fields[0].split(",")
        check_labels(labels, allowed, where, problems)
        key = fields[1].strip().lower()
        if key in seen:
            problems.append(f"{where}: duplicate line")
        seen.add(key)
        counts.update(labels)


def check_notes(path, problems, counts):
    with open(path, encoding="utf-8") as file:
        for number, row in enumerate(file, start=1):
            if not row.strip():
                continue
            where = f"{path}:{number}"
            try:
                note = json.loads(row)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: {error}")
                continue
            if note.get("rating") not in (1, 2, 3, 4, 5):
                problems.append(f"{where}: rating must be 1..5")
            sentences = note.get("sentences")
            if not isinstance(sentences, list) or not sentences:
                problems.append(f"{where}: sentences must be a non-empty list")
                continue
            for sentence in sentences:
                text = sentence.get("text", "")
                if not isinstance(text, str) or not text.strip() or "\t" in text or "\n" in text:
                    problems.append(f"{where}: bad sentence text {text!r}")
                check_labels(sentence.get("labels", []), PARTS, where, problems)
                counts.update(sentence.get("labels", []))
            counts[f"rating {note.get('rating')}"] += 1


def main():
    root = pathlib.Path(__file__).parent
    paths = [pathlib.Path(p) for p in sys.argv[1:]] or sorted(
        p for p in root.rglob("*") if p.suffix in (".tsv", ".jsonl"))
    problems, counts = [], collections.Counter()
    for path in paths:
        family = path.resolve().parent.name
        if family == "intents":
            check_tsv(path, INTENTS, problems, counts)
        elif family == "tone":
            check_tsv(path, TONES, problems, counts)
        elif family == "parts":
            check_tsv(path, PARTS, problems, counts)
        elif family == "notes":
            check_notes(path, problems, counts)
        else:
            problems.append(f"{path}: not under intents/, tone/, parts/ or notes/")
    for problem in problems:
        print(problem)
    for label, count in sorted(counts.items()):
        print(f"{label:20} {count}")
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
