"""pyoxigraph: triples built in a Python loop, written by oxigraph's Rust N-Triples serializer.

usage: pyoxigraph_peer.py DIR BASE_IRI OUT
"""

import sys

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from common import Iris, Phases, entity_rows, entity_triples, relations


def main():
    directory, base, out = sys.argv[1:4]
    iris = Iris(base)
    phases = Phases("pyoxigraph nt")
    triples = []
    for row in entity_rows(directory):
        for s, p, o, lang, is_iri in entity_triples(iris, row):
            obj = NamedNode(o) if is_iri else Literal(o, language=lang)
            triples.append(Triple(NamedNode(s), NamedNode(p), obj))
    for s, p, o in relations(directory):
        triples.append(
            Triple(NamedNode(iris.entity + s), NamedNode(iris.prop + p), NamedNode(iris.entity + o))
        )
    phases.done(f"{len(triples)} triples")
    serialize(triples, output=out, format=RdfFormat.N_TRIPLES)
    phases.done("serialize")


if __name__ == "__main__":
    main()
