//! What kgforge's RDF is: its vocabulary ([`vocab`]), its IRI scheme ([`RdfIris`]) and the
//! SHACL [`shapes()`] of a dataset, shared
//! by the RDF writer ([`crate::export::rdf`]) and whatever reads kgforge's RDF back (the RDF
//! reader of `kgforge import`, SPARQL).

mod iris;
mod shapes;
pub mod vocab;

pub use iris::{BUILT_IN_QUALIFIERS, RdfIris};
pub(crate) use iris::{id_from_segment, key_from_local_name};
pub use shapes::shapes;
