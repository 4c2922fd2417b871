//! What kgforge's RDF is: its vocabulary ([`vocab`]), its IRI scheme ([`RdfIris`]) and the
//! SHACL [`shapes`] of a dataset, shared
//! by the RDF writer ([`crate::export::rdf`]) and whatever reads kgforge's RDF back (SPARQL).

mod iris;
mod shapes;
pub mod vocab;

pub use iris::{BUILT_IN_QUALIFIERS, RdfIris};
pub use shapes::shapes;
