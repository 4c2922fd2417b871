//! `kgforge import`: RDF (kgforge's own and any other) and Wikidata entity JSON read into
//! datasets.

mod cli;
mod generic;
mod own;
mod robust;
mod wikidata;
