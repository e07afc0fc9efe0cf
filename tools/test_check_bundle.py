#!/usr/bin/env python3
"""Unit tests for check-bundle.py: RFC 9162 inclusion proofs (the transparency-dev vectors and trees built
here), the safe tar extractor and the strict JSON reader. Run: python3 tools/test_check_bundle.py"""

import base64
import glob
import hashlib
import importlib.util
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "Tests", "ExhibitKitTests", "Fixtures", "merkle", "inclusion")

spec = importlib.util.spec_from_file_location("check_bundle", os.path.join(HERE, "check-bundle.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def tree_root(leaves):
    """RFC 9162 MTH over leaf hashes."""
    if len(leaves) == 1:
        return leaves[0]
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return check.node_hash(tree_root(leaves[:split]), tree_root(leaves[split:]))


def tree_path(index, leaves):
    """RFC 9162 PATH(m, D[n]): the inclusion proof of leaf ``index``."""
    if len(leaves) == 1:
        return []
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    if index < split:
        return tree_path(index, leaves[:split]) + [tree_root(leaves[split:])]
    return tree_path(index - split, leaves[split:]) + [tree_root(leaves[:split])]


class InclusionVectors(unittest.TestCase):
    def test_every_transparency_dev_vector(self):
        files = sorted(glob.glob(os.path.join(VECTORS, "*.json")))
        self.assertEqual(len(files), 98, "the 98 inclusion vectors are expected")
        decode = lambda value: base64.b64decode(value) if value else b""
        for file in files:
            with open(file) as handle:
                vector = json.load(handle)
            with self.subTest(os.path.basename(file)):
                try:
                    check.verify_inclusion(vector["leafIdx"], vector["treeSize"], decode(vector["leafHash"]),
                                           [decode(p) for p in vector["proof"] or []], decode(vector["root"]))
                    accepted = True
                except ValueError:
                    accepted = False
                self.assertEqual(accepted, not vector["wantErr"], vector["desc"])
        print(f"inclusion vectors: {len(files)} checked", file=sys.stderr)

    def test_every_leaf_of_trees_up_to_33(self):
        for size in range(1, 34):
            leaves = [check.leaf_hash(hashlib.sha256(bytes([i])).digest()) for i in range(size)]
            root = tree_root(leaves)
            for index in range(size):
                proof = tree_path(index, leaves)
                check.verify_inclusion(index, size, leaves[index], proof, root)
                for position in range(len(proof)):
                    altered = list(proof)
                    altered[position] = bytes([altered[position][0] ^ 1]) + altered[position][1:]
                    with self.assertRaises(ValueError):
                        check.verify_inclusion(index, size, leaves[index], altered, root)
                if size > 1:
                    with self.assertRaises(ValueError):
                        check.verify_inclusion((index + 1) % size, size, leaves[index], proof, root)
                with self.assertRaises(ValueError):
                    check.verify_inclusion(index, size, leaves[index], proof + [root], root)

    def test_the_rfc_6962_reference_root(self):
        inputs = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
                  b"\x50\x51\x52\x53\x54\x55\x56\x57", b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"]
        leaves = [hashlib.sha256(b"\x00" + data).digest() for data in inputs]
        self.assertEqual(tree_root(leaves).hex(), "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")


class SafeExtraction(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.folder)

    def archive(self, build, trailing=b""):
        path = os.path.join(self.folder, "a.tar")
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
            build(tar)
        with open(path, "ab") as out:
            out.write(trailing)
        target = os.path.join(self.folder, "out")
        os.mkdir(target)
        return path, target

    @staticmethod
    def add(tar, name, data=b"x", kind=tarfile.REGTYPE, link=""):
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.size = kind, link, len(data) if kind == tarfile.REGTYPE else 0
        tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)

    def test_a_clean_archive_is_extracted_with_hashes(self):
        path, target = self.archive(lambda tar: self.add(tar, "B/data/f.txt", b"hello"))
        entries = check.safe_extract(path, target, "a.tar", 10, lambda _: 100)
        self.assertEqual(entries["B/data/f.txt"], (5, hashlib.sha256(b"hello").hexdigest()))
        with open(os.path.join(target, "B/data/f.txt"), "rb") as handle:
            self.assertEqual(handle.read(), b"hello")

    def test_hostile_entries_are_refused(self):
        cases = {
            "parent": lambda tar: self.add(tar, "B/../escape"),
            "absolute": lambda tar: self.add(tar, "/etc/x"),
            "symlink": lambda tar: self.add(tar, "B/l", kind=tarfile.SYMTYPE, link="/etc/passwd"),
            "hardlink": lambda tar: self.add(tar, "B/h", kind=tarfile.LNKTYPE, link="B/f"),
            "fifo": lambda tar: self.add(tar, "B/p", kind=tarfile.FIFOTYPE),
            "duplicate": lambda tar: (self.add(tar, "B/f"), self.add(tar, "B/f")),
            "control": lambda tar: self.add(tar, "B/\x1b[31m"),
            "too big": lambda tar: self.add(tar, "B/f", b"y" * 200),
        }
        for label, build in cases.items():
            with self.subTest(label):
                shutil.rmtree(self.folder)
                os.mkdir(self.folder)
                path, target = self.archive(build)
                with self.assertRaises(check.Failed):
                    check.safe_extract(path, target, "a.tar", 10, lambda _: 100)

    def test_data_after_the_end_marker_is_refused(self):
        path, target = self.archive(lambda tar: self.add(tar, "B/f"), trailing=b"\x01" + b"\x00" * 511)
        with self.assertRaises(check.Failed) as caught:
            check.safe_extract(path, target, "a.tar", 10, lambda _: 100)
        self.assertIn("after its end-of-archive marker", str(caught.exception))


class StrictJSON(unittest.TestCase):
    def test_duplicate_keys_are_refused(self):
        with self.assertRaises(check.Failed):
            check.strict_json(b'{"seq":1,"seq":2}', "line")
        self.assertEqual(check.strict_json(b'{"seq":1}', "line"), {"seq": 1})

    def test_invalid_utf8_and_json_are_refused(self):
        for data in [b"\xff", b"{", b"[1,]"]:
            with self.assertRaises(check.Failed):
                check.strict_json(data, "line")


if __name__ == "__main__":
    unittest.main()
