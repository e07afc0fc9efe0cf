#!/usr/bin/env python3
"""Check an Exhibit bundle without Exhibit.

For a partner agency that receives bundles but does not run Exhibit. It checks every layer described in
docs/bundle-format.md, in the order a receiver must, and stops at the first failure:

  outer archive, outer signature, outer bag, decryption (AES-256-GCM tag), inner archive, inner bag,
  inner signature, recipient, custody extract (entry hashes, RFC 9162 inclusion proofs, the signed
  checkpoint), policy hash

and then, on success, can keep the checked inner bag (``--out DIR``). The custody extract and the policy
hash are what stock tools (openssl, bsdtar, bagit.py) cannot check on their own.

Needs Python 3.8+, ``bagit`` from PyPI (``python3 -m pip install bagit``) and the ``openssl`` 3 command.

Usage:
  check-bundle.py BUNDLE.exhibit --sender SENDER.pem --cert OURS.crt --key OURS.key --passphrase-file FILE
                  [--out DIR] [--crl-check]
  check-bundle.py --inner FOLDER --sender SENDER.pem [--cert OURS.crt] [--crl-check]

``--inner`` runs the inner stages on a bag already decrypted and extracted (``staging/EXB-…``).
``--sender`` is the sender's certificate (pinned) or its CA's, with CRLs appended when ``--crl-check``.

Exit codes: 0 every check passed, 1 verification failed, 2 bad usage or input (missing file, wrong option),
3 environment (openssl or bagit missing, wrong passphrase, disk). Errors are one line on stderr.
"""

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3

OUTER_FILES = {
    "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s",
    "tagmanifest-sha256.txt.p7s.tsr", "data/envelope.cms.der", "data/payload.bin",
}
INNER_TAG_FILES = ["exhibit/manifest.json", "exhibit/policy.yaml", "exhibit/redactions.json", "exhibit/custody.jsonl"]
MAX_SMALL_FILE = 4 << 20  # every outer file but the ciphertext is read into memory
MAX_CUSTODY = 256 << 20
MAX_PROOF = 64
MAX_PATH, MAX_COMPONENT = 1024, 255


class Failed(Exception):
    """Verification failed (exit 1)."""


class Usage(Exception):
    """Bad usage or input (exit 2)."""


class Environment(Exception):
    """The machine cannot do the check (exit 3)."""


# ---------------------------------------------------------------------------------------------------------
# RFC 9162 Merkle trees (section 2.1): leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right).

def leaf_hash(data):
    """The RFC 9162 leaf hash of ``data`` (for a custody entry: its 32-byte entry hash)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    """The RFC 9162 interior node hash."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2: is ``leaf`` the leaf at ``index`` of the tree of ``size`` leaves with ``root``?

    Raises ValueError naming the reason; returns None when the proof holds.
    """
    if not isinstance(index, int) or not isinstance(size, int) or index < 0 or index >= size:
        raise ValueError("leaf index outside the tree")
    if len(leaf) != 32 or len(root) != 32 or any(len(p) != 32 for p in proof):
        raise ValueError("a hash is not 32 bytes")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("the proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("the proof is too short")
    if not hmac.compare_digest(r, root):
        raise ValueError("the proof does not lead to the signed root")


# ---------------------------------------------------------------------------------------------------------
# Small helpers.

def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_small(path, name, limit=MAX_SMALL_FILE):
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise Failed(f"{name} is missing") from None
    if len(data) > limit:
        raise Failed(f"{name} is larger than {limit} bytes")
    return data


def strict_json(data, name):
    """Parses JSON, refusing duplicate keys (two parsers must never read one document two ways)."""
    def pairs(items):
        result = {}
        for key, value in items:
            if key in result:
                raise Failed(f"{name} repeats the key {key}")
            result[key] = value
        return result
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=pairs)
    except ValueError:  # UnicodeDecodeError and json.JSONDecodeError are ValueErrors
        raise Failed(f"{name} is not valid JSON") from None


def pem_certificates(path):
    """The DER bytes of every certificate in a PEM file."""
    try:
        text = open(path, "rb").read().decode("ascii", "replace")
    except OSError as error:
        raise Usage(f"{path}: {error.strerror}") from None
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
    try:
        return [base64.b64decode("".join(block.split()), validate=True) for block in blocks]
    except binascii.Error:
        raise Usage(f"{path} holds a malformed PEM certificate") from None


def fingerprint(der):
    """Exhibit's certificate fingerprint: SHA-256 of the DER, lower-case hex."""
    return hashlib.sha256(der).hexdigest()


def openssl(arguments, name):
    """Runs openssl; returns (status, one-line reason from its error output)."""
    try:
        run = subprocess.run(["openssl"] + arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=False)
    except FileNotFoundError:
        raise Environment("openssl is not installed (it is needed for the CMS steps)") from None
    reason = ""
    for line in run.stderr.decode("utf-8", "replace").splitlines():
        fields = line.split(":")
        if len(fields) >= 6 and fields[1] == "error":
            reason = fields[5] + (f" ({':'.join(fields[8:]).strip()})" if len(fields) > 8 and fields[8:] != [""] else "")
        elif not reason and line.strip():
            reason = line.strip()
    return run.returncode, reason or f"openssl exited {run.returncode} on {name}"


def verify_signature(signature, content, sender, crl_check, work, name):
    """``openssl cms -verify`` of a detached binary CMS signature; returns the signer certificate's fingerprint
    (and remembers its subject in ``SUBJECTS``, for the report)."""
    signers = os.path.join(work, "signer.pem")
    arguments = ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content,
                 "-CAfile", sender, "-purpose", "any", "-signer", signers, "-out", os.devnull]
    if crl_check:
        arguments.append("-crl_check")
    status, reason = openssl(arguments, name)
    if status != 0:
        raise Failed(f"{name} does not verify against {sender}: {reason}")
    certificates = pem_certificates(signers)
    if len(certificates) != 1:
        raise Failed(f"{name} has {len(certificates)} signers; exactly one is expected")
    signer = fingerprint(certificates[0])
    subject = subprocess.run(["openssl", "x509", "-in", signers, "-noout", "-subject", "-nameopt", "RFC2253"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    text = subject.stdout.decode("utf-8", "replace").strip()
    SUBJECTS[signer] = text[len("subject="):] if text.startswith("subject=") else text
    os.unlink(signers)
    return signer


SUBJECTS = {}


def who(signer):
    """A signer as a reader recognises it: its subject and the start of its fingerprint."""
    return f"{SUBJECTS.get(signer, 'certificate')} ({signer[:16]}…)"


class Report:
    """Prints each check as it passes."""

    def __init__(self):
        self.count = 0

    def ok(self, name, detail):
        self.count += 1
        print(f"  ok    {name}: {detail}", flush=True)


# ---------------------------------------------------------------------------------------------------------
# Safe tar extraction: regular files and folders with clean relative paths, nothing after the end marker.

def clean_path(raw, name):
    if len(raw.encode("utf-8", "surrogateescape")) > MAX_PATH:
        raise Failed(f"{name}: an entry's path is longer than {MAX_PATH} bytes")
    if raw.startswith("/"):
        raise Failed(f"{name}: {raw} is an absolute path")
    trimmed = raw[:-1] if raw.endswith("/") else raw
    for component in trimmed.split("/"):
        if component in ("", ".", ".."):
            raise Failed(f"{name}: {raw!r} leaves its folder (empty, . or .. component)")
        if len(component.encode("utf-8", "surrogateescape")) > MAX_COMPONENT:
            raise Failed(f"{name}: a name in {raw[:80]!r} is longer than {MAX_COMPONENT} bytes")
        if any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" or 0xDC80 <= ord(c) <= 0xDCFF for c in component):
            raise Failed(f"{name}: {raw!r} contains control characters, a backslash or bytes that are not UTF-8")
    return trimmed


def safe_extract(archive, folder, name, max_entries, max_file):
    """Extracts ``archive`` into the empty ``folder``; returns {relative path: (size, sha256 or None)}."""
    size = os.path.getsize(archive)
    if size == 0 or size % 512:
        raise Failed(f"{name} is truncated: {size} bytes is not a whole number of tar records")
    entries = {}
    try:
        with tarfile.open(archive, mode="r:", encoding="utf-8", errors="surrogateescape") as tar:
            for member in tar:
                if len(entries) >= max_entries:
                    raise Failed(f"{name} holds more than {max_entries} entries")
                path = clean_path(member.name, name)
                if member.type not in (tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE) or member.issparse():
                    raise Failed(f"{name}: {member.name!r} is not a regular file or folder")
                if path in entries:
                    raise Failed(f"{name}: {member.name!r} appears twice")
                target = os.path.join(folder, path)
                if member.isdir():
                    os.makedirs(target, mode=0o700, exist_ok=True)
                    entries[path] = (0, None)
                    continue
                if member.size > max_file(path):
                    raise Failed(f"{name}: {member.name!r} declares {member.size} bytes, more than it may hold")
                os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
                digest, remaining = hashlib.sha256(), member.size
                source = tar.extractfile(member)
                descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(descriptor, "wb") as out:
                    while remaining:
                        chunk = source.read(min(remaining, 1 << 20))
                        if not chunk:
                            raise Failed(f"{name}: {member.name!r} is shorter than its declared size")
                        digest.update(chunk)
                        out.write(chunk)
                        remaining -= len(chunk)
                entries[path] = (member.size, digest.hexdigest())
            end = tar.offset
    except tarfile.TarError as error:
        raise Failed(f"{name} is not a readable tar archive: {error}") from None
    with open(archive, "rb") as handle:
        handle.seek(end)
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            if chunk.count(0) != len(chunk):
                raise Failed(f"{name} has data after its end-of-archive marker")
    return entries


def single_bag(entries, name):
    tops = {path.split("/")[0] for path in entries}
    if len(tops) != 1:
        raise Failed(f"{name} must hold exactly one bag folder, not {len(tops)}")
    return tops.pop()


# ---------------------------------------------------------------------------------------------------------
# BagIt (RFC 8493), with the bagit library for the manifests and Payload-Oxum.

def bag_info(folder):
    info = {}
    last = None
    for line in read_small(os.path.join(folder, "bag-info.txt"), "bag-info.txt").decode("utf-8", "replace").splitlines():
        if line[:1] in (" ", "\t") and last:
            info[last] += " " + line.strip()
        elif ":" in line:
            label, value = line.split(":", 1)
            last = label.strip()
            info.setdefault(last, value.strip())
    return info


def validate_bag(folder, name, required_tags):
    """Full BagIt validation (never fast), no fetch.txt, and every tag file covered by the signed tag manifest."""
    try:
        import bagit
    except ImportError:
        raise Environment("the bagit module is missing: python3 -m pip install bagit") from None
    logging.getLogger("bagit").setLevel(logging.CRITICAL)
    if os.path.exists(os.path.join(folder, "fetch.txt")):
        raise Failed(f"{name} has a fetch.txt, which is refused")
    try:
        bag = bagit.Bag(folder)
        bag.validate(processes=1, fast=False)
    except (bagit.BagError, bagit.BagValidationError) as error:
        details = getattr(error, "details", None) or []
        first = f": {details[0]}" if details else ""
        raise Failed(f"{name} is not a valid bag: {str(error).splitlines()[0]}{first}") from None
    if set(bag.algorithms) != {"sha256"}:
        raise Failed(f"{name} has manifests other than SHA-256: {', '.join(sorted(bag.algorithms))}")
    listed = set()
    manifest = read_small(os.path.join(folder, "tagmanifest-sha256.txt"), f"{name}/tagmanifest-sha256.txt")
    for line in manifest.decode("utf-8", "replace").splitlines():
        fields = line.split(None, 1)
        if len(fields) != 2:
            raise Failed(f"{name}/tagmanifest-sha256.txt has a malformed line")
        listed.add(fields[1].strip().replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%"))
    for root, _, files in os.walk(folder):
        for file in files:
            relative = os.path.relpath(os.path.join(root, file), folder)
            if relative.startswith("data/") or relative in ("tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s",
                                                            "tagmanifest-sha256.txt.p7s.tsr"):
                continue
            if relative not in listed:
                raise Failed(f"{name}/{relative} is not covered by the signed tagmanifest-sha256.txt")
    for tag in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] + required_tags:
        if tag not in listed:
            raise Failed(f"{name}/tagmanifest-sha256.txt does not cover {tag}")
    return bag_info(folder), bag


# ---------------------------------------------------------------------------------------------------------
# The stages.

def check_outer(bundle, work, sender, crl_check, report):
    outer = os.path.join(work, "outer")
    os.mkdir(outer, 0o700)
    entries = safe_extract(
        bundle, outer, os.path.basename(bundle), 32,
        lambda path: os.path.getsize(bundle) if path.endswith("/data/payload.bin") else MAX_SMALL_FILE)
    bag_id = single_bag(entries, os.path.basename(bundle))
    for path in entries:
        relative = path[len(bag_id) + 1:]
        if relative and relative != "data" and relative not in OUTER_FILES:
            raise Failed(f"the outer bag holds an unexpected file {relative}")
    report.ok("outer archive", f"{len(entries)} entries, regular files and folders only")
    root = os.path.join(outer, bag_id)
    signer = verify_signature(os.path.join(root, "tagmanifest-sha256.txt.p7s"), os.path.join(root, "tagmanifest-sha256.txt"),
                              sender, crl_check, work, "the outer signature (tagmanifest-sha256.txt.p7s)")
    report.ok("sender signature (outer)", f"signed by {who(signer)}, verified against {sender}")
    info, _ = validate_bag(root, "outer bag", [])
    if info.get("External-Identifier") != bag_id:
        raise Failed(f"the outer bag-info.txt names bundle {info.get('External-Identifier')}, not {bag_id}")
    report.ok("outer manifests", "payload.bin and envelope.cms.der match the signed manifests")
    return root, bag_id, signer, inner_limits(info, os.path.getsize(bundle))


def inner_limits(info, bundle_size):
    """The inner archive's entry and byte limits: what the signed outer bag-info.txt declares
    (Exhibit-Inner-Entries, Exhibit-Inner-Bytes), under a ceiling of 10 million entries and never more bytes than
    the bundle holds; 20,000 entries for a bundle that declares nothing (an earlier release's)."""
    entries, size = info.get("Exhibit-Inner-Entries"), info.get("Exhibit-Inner-Bytes")
    if entries is None and size is None:
        return 20000, bundle_size
    if entries is None or size is None or not entries.isdigit() or not size.isdigit():
        raise Failed("the outer bag-info.txt declares the inner archive's size malformed")
    entries, size = int(entries), int(size)
    if not 1 <= entries <= 10_000_000 or size > bundle_size:
        raise Failed(f"the outer bag-info.txt declares an inner archive of {entries} entries and {size} bytes, "
                     f"beyond what a {bundle_size}-byte bundle can hold (at most 10,000,000 entries)")
    return entries, size


def decrypt(outer_root, bag_id, work, cert, key, passphrase_file, limits, report):
    status, reason = openssl(["pkey", "-in", key, "-passin", f"file:{passphrase_file}", "-noout"], key)
    if status != 0:
        raise Environment(f"cannot open {key} with the passphrase in {passphrase_file}: {reason}")
    part, whole = os.path.join(work, "inner.tar.part"), os.path.join(work, "inner.tar")
    status, reason = openssl(
        ["cms", "-decrypt", "-binary", "-inform", "DER", "-in", os.path.join(outer_root, "data/envelope.cms.der"),
         "-content", os.path.join(outer_root, "data/payload.bin"), "-recip", cert, "-inkey", key,
         "-passin", f"file:{passphrase_file}", "-out", part], "the envelope")
    if status != 0:
        if os.path.exists(part):
            os.unlink(part)
        raise Failed(f"cannot decrypt data/payload.bin: not encrypted to {cert}, or its AES-GCM tag fails ({reason})")
    os.rename(part, whole)
    report.ok("decryption and GCM tag", "AES-256-GCM tag verified by openssl after the whole ciphertext")
    inner = os.path.join(work, "inner")
    os.mkdir(inner, 0o700)
    max_entries, max_bytes = limits
    if os.path.getsize(whole) > max_bytes:
        raise Failed(f"the inner archive is larger ({os.path.getsize(whole)} bytes) than the signed bag-info.txt declares")
    entries = safe_extract(whole, inner, "inner archive", max_entries, lambda _: os.path.getsize(whole))
    os.unlink(whole)
    if single_bag(entries, "inner archive") != bag_id:
        raise Failed(f"the inner archive must hold exactly the bag {bag_id}")
    report.ok("safe extraction", f"{len(entries)} entries, regular files and folders only, no links or escapes")
    return os.path.join(inner, bag_id)


def check_inner(root, sender, crl_check, work, outer_signer, recipient, report):
    """The stages that need only the extracted inner bag: signature, bag, recipient, custody, policy."""
    bag_id = os.path.basename(os.path.normpath(root))
    for tag in ["tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s"]:
        if not os.path.isfile(os.path.join(root, tag)):
            raise Failed(f"inner bag: {tag} is missing")
    signer = verify_signature(os.path.join(root, "tagmanifest-sha256.txt.p7s"), os.path.join(root, "tagmanifest-sha256.txt"),
                              sender, crl_check, work, "the inner signature (tagmanifest-sha256.txt.p7s)")
    if outer_signer is not None and signer != outer_signer:
        raise Failed("the evidence bag was signed by another certificate than the bundle: it was re-packed by a third party")
    report.ok("sender signature (inner)", f"the evidence bag is signed by {who(signer)}")

    info, bag = validate_bag(root, "inner bag", INNER_TAG_FILES)
    manifest = strict_json(read_small(os.path.join(root, "exhibit/manifest.json"), "exhibit/manifest.json", MAX_CUSTODY),
                           "exhibit/manifest.json")
    payload = {path.replace(os.sep, "/"): hashes.get("sha256") for path, hashes in bag.payload_entries().items()}
    items = manifest.get("items") if isinstance(manifest, dict) else None
    if not isinstance(items, list):
        raise Failed("exhibit/manifest.json has no item list")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("sourceSHA256"), str):
            raise Failed("exhibit/manifest.json has a malformed item")
        if item.get("file") is not None and payload.get(item["file"]) != item.get("sha256"):
            raise Failed(f"exhibit/manifest.json lists {item['file']} for {item.get('ref')} but the bag does not hold it as listed")
    report.ok("inner manifests", f"{len(items)} items; every file matches manifest-sha256.txt and the item manifest")

    if info.get("External-Identifier") != bag_id or manifest.get("bundleID") != bag_id:
        raise Failed(f"the inner bag is the folder {bag_id} but names bundle {info.get('External-Identifier')} "
                     f"(bag-info.txt) and {manifest.get('bundleID')} (exhibit/manifest.json)")
    sender_party = manifest.get("sender") or {}
    if info.get("Exhibit-Sender-Certificate") != signer or sender_party.get("fingerprint") != signer:
        raise Failed("the inner bag names another author than the certificate that signed it")
    named = info.get("Exhibit-Recipient-Certificate")
    if recipient is not None:
        if named != recipient or (manifest.get("recipient") or {}).get("fingerprint") != recipient:
            raise Failed(f"the bundle was made for {info.get('Exhibit-Recipient-Organization', 'someone else')} "
                         f"(certificate {str(named)[:16]}…), not for this certificate: it was re-encrypted by a third party")
        report.ok("recipient", f"addressed to {info.get('Exhibit-Recipient-Organization')} ({recipient[:16]}…)")

    entries, size, time = check_custody(root, manifest, sender, crl_check, work, signer)
    report.ok("custody extract", f"{entries} entries proven in the sender's ledger of {size} (checkpoint signed {time})")

    policy = read_small(os.path.join(root, "exhibit/policy.yaml"), "exhibit/policy.yaml")
    policy_hash = hashlib.sha256(policy).hexdigest()
    declared = manifest.get("policy") or {}
    if policy_hash != info.get("Exhibit-Policy-SHA256") or policy_hash != declared.get("sha256"):
        raise Failed("exhibit/policy.yaml does not have the SHA-256 the bag declares")
    text = policy.decode("utf-8", "replace")
    fields = {key: value.strip().strip("'\"") for key, value in re.findall(r"(?m)^(id|version):[ \t]*(.*?)[ \t]*$", text)}
    if (fields.get("id"), fields.get("version")) != (declared.get("id"), declared.get("version")) or \
            (info.get("Exhibit-Policy-Id"), info.get("Exhibit-Policy-Version")) != (declared.get("id"), declared.get("version")):
        raise Failed("exhibit/policy.yaml is not the policy the manifest and bag-info name")
    report.ok("policy", f"{declared.get('id')} {declared.get('version')}, sha256 {policy_hash[:16]}… as declared")


def check_custody(root, manifest, sender, crl_check, work, signer):
    """exhibit/custody.jsonl: the signed checkpoint, each entry's hash and its inclusion proof."""
    name = "exhibit/custody.jsonl"
    lines = read_small(os.path.join(root, name), name, MAX_CUSTODY).split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        raise Failed(f"{name} is empty")
    head = strict_json(lines[0], f"{name} line 1")
    if not isinstance(head, dict) or head.get("type") != "checkpoint" or not isinstance(head.get("note"), str) \
            or not isinstance(head.get("signature"), str):
        raise Failed(f"{name} does not start with a signed checkpoint")
    note = head["note"]
    body = note.split("\n")
    try:
        if len(body) != 5 or body[4] != "" or not body[3].startswith("time ") or not body[0].startswith("exhibit.case/"):
            raise ValueError
        size = int(body[1])
        root_hash = base64.b64decode(body[2], validate=True)
        if size < 1 or str(size) != body[1] or len(root_hash) != 32:
            raise ValueError
    except (ValueError, binascii.Error):
        raise Failed(f"{name}: the checkpoint is malformed") from None
    case_id = body[0][len("exhibit.case/"):]
    note_path, signature_path = os.path.join(work, "checkpoint.txt"), os.path.join(work, "checkpoint.txt.p7s")
    try:
        signature = base64.b64decode(head["signature"], validate=True)
    except binascii.Error:
        raise Failed(f"{name}: the checkpoint signature is not base64") from None
    with open(note_path, "wb") as out:
        out.write(note.encode("utf-8"))
    with open(signature_path, "wb") as out:
        out.write(signature)
    checkpoint_signer = verify_signature(signature_path, note_path, sender, crl_check, work, "the custody checkpoint")
    if checkpoint_signer != signer:
        raise Failed("the custody checkpoint was signed by another certificate than the bundle's")

    seen, bodies, complete = set(), [], True
    for number, line in enumerate(lines[1:], start=2):
        label = f"{name} line {number}"
        item = strict_json(line, label)
        if not isinstance(item, dict) or item.get("type") != "entry":
            raise Failed(f"{label} is not a custody entry")
        seq, entry_hash, proof = item.get("seq"), item.get("hash"), item.get("proof", [])
        if type(seq) is not int or not 1 <= seq <= size or not isinstance(entry_hash, str) \
                or not re.fullmatch(r"[0-9a-f]{64}", entry_hash) or not isinstance(proof, list) or len(proof) > MAX_PROOF:
            raise Failed(f"{label} is not a custody entry (seq, hash or proof malformed)")
        if seq in seen:
            raise Failed(f"{label} repeats entry {seq}")
        seen.add(seq)
        if item.get("body") is not None:
            text = item["body"]
            try:
                raw = text.encode("utf-8")
            except (AttributeError, UnicodeEncodeError):
                raise Failed(f"{label}: entry {seq}'s body is not UTF-8 text") from None
            if not hmac.compare_digest(hashlib.sha256(raw).hexdigest(), entry_hash):
                raise Failed(f"{label}: entry {seq} does not match its hash (altered)")
            entry = strict_json(raw, f"{label} body")
            if not isinstance(entry, dict) or entry.get("seq") != seq or entry.get("case") != case_id:
                raise Failed(f"{label} says it is entry {seq} of case {case_id} but holds another")
            bodies.append(entry)
        else:
            complete = False
        try:
            path = [bytes.fromhex(p) if isinstance(p, str) and re.fullmatch(r"[0-9a-f]*", p) else b"" for p in proof]
            verify_inclusion(seq - 1, size, leaf_hash(bytes.fromhex(entry_hash)), path, root_hash)
        except ValueError as error:
            raise Failed(f"{label}: entry {seq} is not in the signed ledger ({error})") from None

    # With every entry's text present, the registrations and redactions must account for every item.
    if manifest.get("custody") == "full" and complete:
        registered = set()
        for entry in bodies:
            details = entry.get("details") or {}
            registered |= {f.get("sha256") for f in ((details.get("exhibit") or {}).get("files") or [])}
            # A registration of more than 1,000 files goes on in `registered-files` entries.
            registered |= {f.get("sha256") for f in ((details.get("exhibitFiles") or {}).get("files") or [])}
            registered |= {(i.get("derived") or {}).get("sha256") for i in ((details.get("redaction") or {}).get("items") or [])}
        for item in manifest["items"]:
            if item["sourceSHA256"] not in registered or (item.get("sha256") is not None and item["sha256"] not in registered):
                raise Failed(f"the custody extract does not account for {item.get('ref')} ({item['sourceSHA256'][:16]}…)")
    return len(seen), size, body[3][len("time "):]


# ---------------------------------------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line and exit code 2 like every other error."""

    def error(self, message):
        raise Usage(f"{message} (see check-bundle.py --help)")


def parse_arguments(argv):
    parser = Parser(
        prog="check-bundle.py", description="Check an Exhibit bundle without Exhibit (see docs/bundle-format.md).",
        epilog="exit codes: 0 every check passed, 1 verification failed, 2 bad usage or input, 3 environment")
    parser.add_argument("bundle", nargs="?", help="the .exhibit file received")
    parser.add_argument("--inner", metavar="FOLDER", help="check an already decrypted and extracted inner bag instead")
    parser.add_argument("--sender", required=True, metavar="PEM", help="the sender's certificate, or its CA (and CRLs)")
    parser.add_argument("--cert", metavar="CRT", help="our agency certificate (the recipient)")
    parser.add_argument("--key", metavar="KEY", help="our agency's encrypted private key (PKCS#8)")
    parser.add_argument("--passphrase-file", metavar="FILE", help="the file whose first line is the key's passphrase")
    parser.add_argument("--out", metavar="DIR", help="keep the checked inner bag here (must not exist)")
    parser.add_argument("--crl-check", action="store_true", help="check revocation (CRLs appended to --sender)")
    arguments = parser.parse_args(argv)
    if (arguments.bundle is None) == (arguments.inner is None):
        parser.error("give either a BUNDLE or --inner FOLDER")
    if arguments.bundle is not None and not (arguments.cert and arguments.key and arguments.passphrase_file):
        parser.error("a bundle needs --cert, --key and --passphrase-file to be decrypted")
    if arguments.inner is not None and (arguments.key or arguments.out):
        parser.error("--inner checks a folder in place: --key and --out do not apply")
    for path in [arguments.bundle, arguments.sender, arguments.cert, arguments.key, arguments.passphrase_file]:
        if path is not None and not os.path.isfile(path):
            raise Usage(f"{path}: no such file")
    if arguments.inner is not None and not os.path.isdir(arguments.inner):
        raise Usage(f"{arguments.inner}: no such folder")
    if arguments.out is not None and os.path.lexists(arguments.out):
        raise Usage(f"{arguments.out} already exists; refusing to overwrite it")
    if not pem_certificates(arguments.sender):
        raise Usage(f"{arguments.sender} holds no PEM certificate")
    return arguments


def run(arguments):
    report = Report()
    recipient = None
    if arguments.cert:
        certificates = pem_certificates(arguments.cert)
        if not certificates:
            raise Usage(f"{arguments.cert} holds no PEM certificate")
        recipient = fingerprint(certificates[0])
    if arguments.inner is not None:
        work = tempfile.mkdtemp(prefix="check-bundle-")
        try:
            check_inner(os.path.abspath(arguments.inner), arguments.sender, arguments.crl_check, work, None, recipient, report)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"inner bag {os.path.basename(os.path.normpath(arguments.inner))}: all {report.count} checks passed")
        return
    # Decrypted material only ever lives in a private folder (0700): DIR.part when --out, else a temporary one.
    if arguments.out is not None:
        work = os.path.abspath(arguments.out) + ".part"
        try:
            os.mkdir(work, 0o700)
        except FileExistsError:
            raise Usage(f"{work} already exists (left by an interrupted run?); remove it first") from None
    else:
        work = tempfile.mkdtemp(prefix="check-bundle-")
    try:
        outer_root, bag_id, signer, limits = check_outer(arguments.bundle, work, arguments.sender, arguments.crl_check, report)
        inner_root = decrypt(outer_root, bag_id, work, arguments.cert, arguments.key, arguments.passphrase_file, limits,
                             report)
        check_inner(inner_root, arguments.sender, arguments.crl_check, work, signer, recipient, report)
        if arguments.out is not None:
            if os.path.lexists(arguments.out):
                raise Usage(f"{arguments.out} appeared while the bundle was checked; refusing to overwrite it")
            os.rename(inner_root, arguments.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"bundle {bag_id}: all {report.count} checks passed" + (f"; the inner bag is in {arguments.out}" if arguments.out else ""))


def main(argv=None):
    # A signal must not leave decrypted material behind: turn it into an exit that runs the clean-up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        run(parse_arguments(argv))
        return EXIT_OK
    except Failed as error:
        print(f"check-bundle: {error}", file=sys.stderr)
        print("bundle REJECTED", flush=True)
        return EXIT_FAILED
    except Usage as error:
        print(f"check-bundle: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Environment as error:
        print(f"check-bundle: {error}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"check-bundle: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a hostile input this checker did not foresee: never accepted, never a traceback
        print(f"check-bundle: cannot check this bundle ({type(error).__name__}: {error}); it is not accepted",
              file=sys.stderr)
        print("bundle REJECTED", flush=True)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
