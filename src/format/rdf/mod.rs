//! What kgforge's RDF is: its vocabulary ([`vocab`]) and its IRI scheme ([`RdfIris`]), shared
//! by the RDF writer ([`crate::export::rdf`]) and whatever reads kgforge's RDF back (SPARQL).

mod iris;
pub mod vocab;

pub use iris::RdfIris;
