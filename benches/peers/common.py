"""Shared by the peer scripts: read kgforge's bulk CSV and time the phases.

The peers emit what kgforge's N-Triples export holds for the data, with kgforge's IRIs: for
each entity its type, its labels (English and Japanese), aliases (skos:altLabel), description
(schema:description) and Wikidata id (owl:sameAs); for each relation one direct triple.
kgforge (run with `--statement-nodes annotated`) adds the schema and vocabulary triples and a
statement node for the rows (under 1%) that cite a source or carry a rank or a qualifier.
"""

import csv
import sys
import time

csv.field_size_limit(1 << 30)


class Iris:
    def __init__(self, base):
        self.entity = base + "entity/"
        self.cls = base + "class/"
        self.prop = base + "prop/direct/"


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DESCRIPTION = "http://schema.org/description"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WD = "http://www.wikidata.org/entity/"


def entities(directory):
    """(id, type, label) per row of entities.csv."""
    for row in entity_rows(directory):
        yield row["id"], row["type"], row["label"]


def entity_rows(directory):
    """Each row of entities.csv as a dict."""
    with open(f"{directory}/entities.csv", newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def entity_triples(iris, row):
    """What kgforge writes about an entity: (subject, predicate, object, lang-or-None, is_iri)."""
    e = iris.entity + row["id"]
    yield e, RDF_TYPE, iris.cls + row["type"], None, True
    for column, lang in (("label", "en"), ("label@ja", "ja")):
        if row.get(column):
            yield e, RDFS_LABEL, row[column], lang, False
    for column, lang in (("alias", "en"),):
        for alias in filter(None, (a.strip() for a in row.get(column, "").split("|"))):
            yield e, ALT_LABEL, alias, lang, False
    if row.get("description"):
        yield e, DESCRIPTION, row["description"], "en", False
    if row.get("wikidata"):
        yield e, SAME_AS, WD + row["wikidata"], None, True


def relations(directory):
    """(subject, predicate, object) per row of relations.csv."""
    with open(f"{directory}/relations.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["subject"], row["predicate"], row["object"]


class Phases:
    """Prints each phase's wall time to stderr."""

    def __init__(self, name):
        self.name = name
        self.last = time.perf_counter()

    def done(self, phase):
        now = time.perf_counter()
        print(f"{self.name}: {phase} {now - self.last:.1f} s", file=sys.stderr)
        self.last = now
