"""NITF and NewsML XML, parsed safely."""

# ruff: noqa: E501 - fixtures quote real documents line for line

from __future__ import annotations

import time

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import read_path

NITF = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">
<nitf>
 <head>
  <title>Page title</title>
  <docdata><doc-id id-string="nitf-123"/><date.issue norm="20020920T120000Z"/></docdata>
 </head>
 <body>
  <body.head>
   <hedline><hl1>Steel tariffs <em>raised</em></hl1></hedline>
   <byline>By <person>Jane Doe</person></byline>
   <distributor>Reuters</distributor>
   <dateline><location>WASHINGTON</location>, <story.date>Sept 20</story.date> - </dateline>
  </body.head>
  <body.content>
   <p>The administration raised tariffs on steel to 25 per cent.</p>
   <block><p>Officials in M\xfcnchen said it was "regrettable".</p></block>
  </body.content>
 </body>
</nitf>
""".encode("latin-1")

NEWSML1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<NewsML>
 <NewsEnvelope><DateAndTime>20240101T000000</DateAndTime></NewsEnvelope>
 <NewsItem>
  <Identification><NewsIdentifier><NewsItemId>A1</NewsItemId>
   <PublicIdentifier>urn:newsml:example.com:20240102:A1</PublicIdentifier></NewsIdentifier>
  </Identification>
  <NewsManagement><FirstCreated>20240102T081500</FirstCreated></NewsManagement>
  <NewsComponent>
   <NewsLines><HeadLine>First item</HeadLine><DateLine>LONDON</DateLine></NewsLines>
   <ContentItem><DataContent><p>First paragraph.</p><p>Second paragraph.</p></DataContent>
   </ContentItem>
  </NewsComponent>
 </NewsItem>
 <NewsItem>
  <NewsManagement><FirstCreated>20240103T081500</FirstCreated></NewsManagement>
  <NewsComponent>
   <NewsLines><HeadLine>Second item</HeadLine></NewsLines>
   <ContentItem><DataContent><nitf><body><body.content><p>Embedded NITF body.</p>
   </body.content></body></nitf></DataContent></ContentItem>
  </NewsComponent>
 </NewsItem>
 <NewsItem><NewsComponent><NewsLines><HeadLine>Empty</HeadLine></NewsLines></NewsComponent>
 </NewsItem>
</NewsML>
"""

G2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
 <itemSet>
  <newsItem guid="urn:newsml:example.com:2024:g2-1" version="1" xml:lang="en">
   <itemMeta><versionCreated>2024-05-02T09:00:00Z</versionCreated></itemMeta>
   <contentMeta><contentCreated>2024-05-01T23:00:00-04:00</contentCreated>
    <headline>G2 headline</headline><by>By John Roe</by><dateline>TOKYO</dateline>
    <language tag="en"/></contentMeta>
   <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><body><p>G2 paragraph one.</p>
    <p>G2 paragraph two.</p></body></html></inlineXML></contentSet>
  </newsItem>
 </itemSet>
</newsMessage>
"""

RCV1 = b"""<?xml version="1.0" encoding="iso-8859-1" ?>
<newsitem itemid="2286" id="root" date="1996-08-20" xml:lang="en">
<title>MEXICO: Recovery excitement brings Mexican markets to life.</title>
<headline>Recovery excitement brings Mexican markets to life.</headline>
<byline>Henry Tricks</byline>
<dateline>MEXICO CITY</dateline>
<text><p>Emerging evidence that Mexico's economy was back on the recovery track.</p></text>
</newsitem>
"""


def test_xml_nitf(write, read_one) -> None:
    doc = read_one(write("story.nitf", NITF))
    assert doc == RawDoc(
        source_path=doc.source_path,
        content=(
            "The administration raised tariffs on steel to 25 per cent.\n\n"
            'Officials in München said it was "regrettable".'
        ),
        external_id="nitf-123",
        title="Steel tariffs raised",
        published="2002-09-20",
        source="Reuters",
        author="Jane Doe",
        dateline="WASHINGTON, Sept 20",
    )


def test_xml_newsml_items(write) -> None:
    items = list(read_path(write("feed.newsml", NEWSML1)))
    assert [type(i).__name__ for i in items] == ["RawDoc", "RawDoc", "FailedInput"]
    first, second, empty = items
    assert (
        first.record,
        first.title,
        first.published,
        first.dateline,
        first.external_id,
    ) == (
        "item 1",
        "First item",
        "2024-01-02",
        "LONDON",
        "urn:newsml:example.com:20240102:A1",
    )
    assert first.content == "First paragraph.\n\nSecond paragraph."
    assert second.content == "Embedded NITF body." and second.published == "2024-01-03"
    assert empty == FailedInput(empty.source_path, "no body text", "item 3")


def test_xml_newsml_g2(write, read_one) -> None:
    doc = read_one(write("g2.xml", G2))
    assert (doc.title, doc.published, doc.author, doc.dateline, doc.language) == (
        "G2 headline",
        "2024-05-01",
        "John Roe",
        "TOKYO",
        "en",
    )
    assert doc.external_id == "urn:newsml:example.com:2024:g2-1"
    assert doc.content == "G2 paragraph one.\n\nG2 paragraph two."


def test_xml_rcv1_newsitem(write, read_one) -> None:
    doc = read_one(write("2286newsML.xml", RCV1))
    assert (doc.external_id, doc.published, doc.dateline, doc.author) == (
        "2286",
        "1996-08-20",
        "MEXICO CITY",
        "Henry Tricks",
    )
    assert doc.title == "Recovery excitement brings Mexican markets to life."


def test_xml_billion_laughs_refused_quickly(write, read_one, bad_inputs_module) -> None:
    path = write("bomb.xml", bad_inputs_module.BILLION_LAUGHS)
    started = time.perf_counter()
    item = read_one(path)
    assert time.perf_counter() - started < 1
    assert item == FailedInput(str(path), "XML entity expansion refused")


def test_xml_external_entity_refused(write, read_one, bad_inputs_module) -> None:
    item = read_one(write("ext.nitf", bad_inputs_module.EXTERNAL_ENTITY))
    assert isinstance(item, FailedInput) and "refused" in item.reason
    assert "root:" not in item.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<nitf><body>", "not well-formed XML"),
        (b"<rss><channel/></rss>", "unsupported XML document (root element <rss>)"),
        (b"<NewsML></NewsML>", "no news items"),
    ],
    ids=["malformed", "unknown-root", "no-items"],
)
def test_xml_failures(write, read_one, data: bytes, reason: str) -> None:
    item = read_one(write("bad.xml", data))
    assert isinstance(item, FailedInput) and reason in item.reason


def test_xml_xhtml_goes_to_html_reader(write, read_one) -> None:
    item = read_one(
        write(
            "page.xml",
            b'<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            b"<title>XHTML page</title></head><body><p>x</p></body></html>",
        )
    )
    assert item.kind == "html" and item.title == "XHTML page"


def test_xml_tempeval_timeml(corpora, read_one) -> None:
    files = sorted((corpora / "tempeval3" / "platinum").glob("*.tml"))
    if not files:
        pytest.skip("no TempEval files")
    doc = read_one(files[0])
    assert isinstance(doc, RawDoc)
    assert doc.published and len(doc.content) > 200
