"""rdflib: build a Graph from the CSV, serialize it as N-Triples or Turtle.

usage: rdflib_peer.py DIR BASE_IRI OUT (nt|ttl)
"""

import sys

from rdflib import Graph, Literal, URIRef

from common import Iris, Phases, entity_rows, entity_triples, relations


def main():
    directory, base, out, fmt = sys.argv[1:5]
    iris = Iris(base)
    phases = Phases(f"rdflib {fmt}")
    g = Graph()
    for row in entity_rows(directory):
        for s, p, o, lang, is_iri in entity_triples(iris, row):
            g.add((URIRef(s), URIRef(p), URIRef(o) if is_iri else Literal(o, lang=lang)))
    for s, p, o in relations(directory):
        g.add((URIRef(iris.entity + s), URIRef(iris.prop + p), URIRef(iris.entity + o)))
    phases.done(f"graph of {len(g)} triples")
    g.serialize(destination=out, format={"nt": "nt", "ttl": "turtle"}[fmt], encoding="utf-8")
    phases.done("serialize")


if __name__ == "__main__":
    main()
