#!/usr/bin/env python3
"""Writes the fictional office document of Samples/ (standard library only, deterministic output):

  Samples/documents/referral-form.docx  the school's MASH referral form as a Word document, with an author and
                                        company in its properties, a tracked deletion (the refuge's street) and
                                        insertion, a reviewer's comment naming Leo Turner and a run of hidden
                                        text: the things a shared copy must not carry.

Everything in it is fictional (see Samples/README.md and Samples/documents/README.md).
"""
import os
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Samples", "documents")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STAMP = (2026, 11, 19, 9, 30, 0)


def run(text, size=24, bold=False, hidden=False):
    props = f'<w:sz w:val="{size}"/>' + ("<w:b/>" if bold else "") + ("<w:vanish/>" if hidden else "")
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs):
    return "<w:p>" + "".join(runs) + "</w:p>"


body = "".join([
    para(run("Ashbrook Academy - referral to the Northshire MASH", 32, bold=True)),
    para(run("Date of referral: 19/11/2026. Referrer: Raj Patel, Designated Safeguarding Lead.")),
    para(run("Child: Maisie Turner, Year 9, date of birth 14/03/2013. Mother: Claire Turner, 07700 900123.")),
    para(run("Address: 14 Larch Close, Northbridge, NS4 7QD.")),
    para(run("Concern: Maisie is being contacted by an adult known online as DazC, who drives a silver car NX21 KYD.")),
    para(
        run("Jade Wilson (Year 9) told her form tutor on 18/11/2026. "),
        '<w:del w:id="1" w:author="Raj Patel" w:date="2026-11-19T09:10:00Z"><w:r><w:rPr><w:sz w:val="24"/></w:rPr>'
        "<w:delText>The family may move to Harbour Row, Eastmere.</w:delText></w:r></w:del>",
        '<w:ins w:id="2" w:author="Raj Patel" w:date="2026-11-19T09:12:00Z">' + run("The family has been told to keep all messages.") + "</w:ins>",
    ),
    para(
        '<w:commentRangeStart w:id="0"/>', run("A neighbour, Sandra Pike, reported the car on 12/11/2026."),
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
    ),
    para(run("Staff notes: check with Leo Turner's school. ", hidden=True), run("Action: strategy discussion requested.")),
])

files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>",
    "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
    "</Relationships>",
    "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}</w:body></w:document>',
    "word/comments.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {W}>'
    '<w:comment w:id="0" w:author="Tom Okafor" w:date="2026-11-19T10:00:00Z"><w:p>'
    + run("Informant wants to stay anonymous - do not share her name.")
    + "</w:p></w:comment></w:comments>",
    "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Raj Patel</dc:creator>'
    "<dc:title>MASH referral - Maisie Turner</dc:title><cp:revision>7</cp:revision></cp:coreProperties>",
    "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Company>Ashbrook Academy Trust</Company></Properties>",
}

path = os.path.join(ROOT, "referral-form.docx")
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
    for name in sorted(files):
        info = zipfile.ZipInfo(name, STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, files[name])
print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")
