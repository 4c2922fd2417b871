"""networkx: a MultiDiGraph from the CSV, written as node-link JSON or (through pydot) DOT.

usage: networkx_peer.py DIR OUT (json|dot)
"""

import json
import sys

import networkx as nx

import csv

from common import Phases, entity_rows


def main():
    directory, out, fmt = sys.argv[1:4]
    phases = Phases(f"networkx {fmt}")
    g = nx.MultiDiGraph()
    for row in entity_rows(directory):
        g.add_node(row["id"], **{k: v for k, v in row.items() if v and k != "id"})
    with open(f"{directory}/relations.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            s, p, o = row.pop("subject"), row.pop("predicate"), row.pop("object")
            g.add_edge(s, o, key=p, predicate=p, **{k: v for k, v in row.items() if v})
    phases.done(f"graph of {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    if fmt == "json":
        with open(out, "w", encoding="utf-8") as f:
            json.dump(nx.node_link_data(g, edges="edges"), f)
    else:
        nx.nx_pydot.write_dot(g, out)
    phases.done("write")


if __name__ == "__main__":
    main()
