#!/usr/bin/env python3
"""Writes a synthetic ServiceNow-style export of ticket close notes, for the audit benchmarks.

    bench/corpus.py OUT.csv MB [--seed N]

Notes are built from parts (symptom, cause, action, verification) drawn from pools, with
devices, hosts, addresses, versions and ticket numbers filled in at random, so the vocabulary
is varied the way a real export's is: a stem memo or a phrase index gets no free ride from a
handful of repeated lines. About a quarter of the notes are vague ("Fixed it."), some carry a
typo, some are long, and a few carry non-ASCII text. The same seed writes the same file.
"""

import random
import sys

SYMPTOMS = [
    "User could not reach any website",
    "Caller reported that {app} crashes on start",
    "{app} kept asking for a password",
    "Printer {printer} showed \"Offline\" for everyone on floor {floor}",
    "User was locked out of the account after the password change",
    "Laptop {host} would not boot past the logo",
    "VPN connected but internal hosts did not resolve",
    "Shared drive {share} was not showing in Explorer",
    "Phone stopped syncing mail since {day}",
    "User unable to sign in to {app}, error {code}",
    "Monitor on desk {floor}-{n} stays black after docking",
    "Teams calls drop after about {n} minutes",
    "Outlook search returns no results for mail older than a week",
    "New starter had no access to the {team} folder",
    "Scanner at reception sends blank pages",
    "Wi-Fi on floor {floor} is slow for the whole {team} team",
    "Browser shows \"Your connection is not private\" on the intranet",
    "Calendar invites from {team} arrive without the meeting link",
]
CAUSES = [
    "Laptop was manually configured with incorrect IP address 192.168.{floor}.{n}",
    "The print queue was stuck with a {n}-page job",
    "Cached credentials were out of date after the change on INC{ticket}",
    "DNS suffix list was missing corp.local after update KB50{n:02d}",
    "The account was disabled by the leavers script by mistake",
    "BitLocker asked for the recovery key after a BIOS update to v{major}.{minor}",
    "The mapped drive pointed at the retired server {old}.corp.local",
    "The mail profile was corrupt",
    "Group membership was missing from the {team} access group",
    "The dock firmware was outdated ({major}.{minor}.{n})",
    "Power saving turned the adapter off after {n} minutes idle",
    "Certificate on {host}.corp.local had expired on {day}",
    "The scanner profile had the resolution set to 0 dpi",
    "Access point AP-{floor}{n:02d} was on a crowded channel",
]
ACTIONS = [
    "Reconfigured the adapter to use DHCP",
    "Cleared the queue and restarted the spooler",
    "Removed the stored credentials and signed in again",
    "Restored the DNS suffix through group policy",
    "Re-enabled the account and reset the password after verifying the employee ID",
    "Entered the recovery key from the portal and suspended BitLocker for one reboot",
    "Remapped the drive to \\\\fs{n:02d}.corp.local\\{share}",
    "Rebuilt the mail profile",
    "Added the user to the {team} group and asked them to sign out and in",
    "Updated the dock firmware to {major}.{minor}.{n}",
    "Turned off power saving for the network adapter",
    "Renewed the certificate and restarted IIS on {host}",
    "Set the scan profile to 300 dpi",
    "Moved AP-{floor}{n:02d} to channel {channel}",
    "Escalated to the network team as CHG{ticket} with the logs attached",
]
VERIFICATIONS = [
    "Verified that websites and email work",
    "Verified a test page printed",
    "User confirmed mail syncs on laptop and phone",
    "Verified {host} resolves from the user's laptop",
    "User signed in successfully while I was on the line",
    "Tested a call for {n} minutes with no drop",
    "Checked that the drive shows after a reboot",
    "Confirmed with the user that the invite link now appears",
    "User will call back if it happens again; left the ticket open for {n} days",
]
VAGUE = [
    "System broke... fixed it.",
    "Printer issue. Done.",
    "User called, sorted it out, all good.",
    "Reset password. Done",
    "Fixed the problem.",
    "Had a look, should be ok now.",
    "Sorted.",
    "Issue resolved, closing.",
    "Did the usual fix, works.",
    "Rebooted, fine now",
]
APPS = ["Outlook", "Teams", "SAP", "Salesforce", "Excel", "the CRM", "Zoom", "OneDrive", "the payroll app"]
TEAMS = ["finance", "sales", "HR", "legal", "marketing", "support", "facilities", "engineering"]
SHARES = ["finance", "projects", "hr-private", "scans", "public", "board"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "yesterday", "this morning"]
NON_ASCII = [" Caller: José Müller.", " Site: Zürich office.", " User wrote “it’s frozen again”.", " Réf. client 4471."]


def fill(template, rng):
    return template.format(
        app=rng.choice(APPS),
        printer="PRN-%02d" % rng.randint(1, 60),
        floor=rng.randint(1, 9),
        n=rng.randint(2, 99),
        host="LT%05d" % rng.randint(1, 99999),
        old="srv%02d" % rng.randint(1, 40),
        share=rng.choice(SHARES),
        day=rng.choice(DAYS),
        code="0x%08X" % rng.randint(0, 0xFFFFFFFF),
        team=rng.choice(TEAMS),
        ticket="%07d" % rng.randint(0, 9999999),
        major=rng.randint(1, 24),
        minor=rng.randint(0, 9),
        channel=rng.choice([1, 6, 11, 36, 44, 149]),
    )


def typo(text, rng):
    """Swaps two neighbouring letters inside one longer word, as a hurried typist does."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    k = rng.randint(1, len(w) - 3)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def note(rng):
    if rng.random() < 0.25:
        return rng.choice(VAGUE)
    parts = [rng.choice(SYMPTOMS)]
    if rng.random() < 0.8:
        parts.append(rng.choice(CAUSES))
    parts.append(rng.choice(ACTIONS))
    if rng.random() < 0.85:
        parts.append(rng.choice(VERIFICATIONS))
    if rng.random() < 0.1:
        parts += [rng.choice(ACTIONS), rng.choice(VERIFICATIONS)]
    text = ". ".join(fill(p, rng) for p in parts) + "."
    if rng.random() < 0.15:
        text = typo(text, rng)
    if rng.random() < 0.03:
        text += rng.choice(NON_ASCII)
    return text


def main():
    args = sys.argv[1:]
    seed = 7
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k : k + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    path, mb = args[0], float(args[1])
    rng = random.Random(seed)
    limit = int(mb * 1_000_000)
    with open(path, "w", encoding="utf-8", newline="") as f:
        header = "number,assigned_to,close_notes\n"
        f.write(header)
        written = len(header)
        i = 0
        while written < limit:
            text = note(rng).replace('"', '""')
            line = 'INC%07d,agent%02d,"%s"\n' % (i, i % 40, text)
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1


if __name__ == "__main__":
    main()
