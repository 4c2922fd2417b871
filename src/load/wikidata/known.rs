//! English labels of common Wikidata properties, units and cited items (Wikidata is CC0), so
//! that an entity document imported without the documents of what it names still gets
//! readable ids and titles (`instance_of`, not `p31`; the source `english_wikipedia`, not
//! `q328`). A document in the input comes first.

/// Common properties: main statements, qualifiers and reference properties.
const PROPERTIES: &[(&str, &str)] = &[
    ("P6", "head of government"),
    ("P17", "country"),
    ("P18", "image"),
    ("P19", "place of birth"),
    ("P20", "place of death"),
    ("P21", "sex or gender"),
    ("P22", "father"),
    ("P25", "mother"),
    ("P26", "spouse"),
    ("P27", "country of citizenship"),
    ("P30", "continent"),
    ("P31", "instance of"),
    ("P35", "head of state"),
    ("P36", "capital"),
    ("P37", "official language"),
    ("P38", "currency"),
    ("P39", "position held"),
    ("P40", "child"),
    ("P47", "shares border with"),
    ("P50", "author"),
    ("P69", "educated at"),
    ("P102", "member of political party"),
    ("P103", "native language"),
    ("P106", "occupation"),
    ("P108", "employer"),
    ("P123", "publisher"),
    ("P131", "located in the administrative territorial entity"),
    ("P138", "named after"),
    ("P140", "religion or worldview"),
    ("P143", "imported from Wikimedia project"),
    ("P150", "contains the administrative territorial entity"),
    ("P159", "headquarters location"),
    ("P166", "award received"),
    ("P213", "ISNI"),
    ("P214", "VIAF ID"),
    ("P227", "GND ID"),
    ("P241", "military branch"),
    ("P244", "Library of Congress authority ID"),
    ("P248", "stated in"),
    ("P276", "location"),
    ("P279", "subclass of"),
    ("P304", "page(s)"),
    ("P345", "IMDb ID"),
    ("P361", "part of"),
    ("P373", "Commons category"),
    ("P407", "language of work or name"),
    ("P410", "military rank"),
    ("P459", "determination method"),
    ("P463", "member of"),
    ("P488", "chairperson"),
    ("P509", "cause of death"),
    ("P518", "applies to part"),
    ("P527", "has part(s)"),
    ("P569", "date of birth"),
    ("P570", "date of death"),
    ("P571", "inception"),
    ("P576", "dissolved, abolished or demolished date"),
    ("P577", "publication date"),
    ("P580", "start time"),
    ("P582", "end time"),
    ("P585", "point in time"),
    ("P607", "conflict"),
    ("P625", "coordinate location"),
    ("P642", "of"),
    ("P646", "Freebase ID"),
    ("P710", "participant"),
    ("P734", "family name"),
    ("P735", "given name"),
    ("P793", "significant event"),
    ("P800", "notable work"),
    ("P805", "statement is subject of"),
    ("P813", "retrieved"),
    ("P854", "reference URL"),
    ("P856", "official website"),
    ("P887", "based on heuristic"),
    ("P910", "topic's main category"),
    ("P958", "section, verse, paragraph, or clause"),
    ("P1013", "criterion used"),
    ("P1065", "archive URL"),
    ("P1082", "population"),
    ("P1083", "maximum capacity"),
    ("P1114", "quantity"),
    ("P1120", "number of deaths"),
    ("P1128", "employees"),
    ("P1132", "number of participants"),
    ("P1196", "manner of death"),
    ("P1319", "earliest date"),
    ("P1326", "latest date"),
    ("P1339", "number of injured"),
    ("P1343", "described by source"),
    ("P1344", "participant in"),
    ("P1412", "languages spoken, written or signed"),
    ("P1433", "published in"),
    ("P1448", "official name"),
    ("P1449", "nickname"),
    ("P1476", "title"),
    ("P1477", "birth name"),
    ("P1480", "sourcing circumstances"),
    ("P1545", "series ordinal"),
    ("P1559", "name in native language"),
    ("P1705", "native label"),
    ("P1810", "subject named as"),
    ("P2044", "elevation above sea level"),
    ("P2046", "area"),
    ("P2047", "duration"),
    ("P2048", "height"),
    ("P2067", "mass"),
    ("P2093", "author name string"),
    ("P2096", "media legend"),
    ("P2130", "cost"),
    ("P2241", "reason for deprecated rank"),
    ("P2960", "archive date"),
    ("P3452", "inferred from"),
    ("P3831", "object has role"),
    ("P4656", "Wikimedia import URL"),
    ("P7452", "reason for preferred rank"),
];

/// Common units of quantities.
const UNITS: &[(&str, &str)] = &[
    ("Q573", "day"),
    ("Q577", "year"),
    ("Q3710", "foot"),
    ("Q4916", "euro"),
    ("Q4917", "United States dollar"),
    ("Q7727", "minute"),
    ("Q11229", "percent"),
    ("Q11570", "kilogram"),
    ("Q11573", "metre"),
    ("Q11574", "second"),
    ("Q25235", "hour"),
    ("Q25267", "degree Celsius"),
    ("Q25343", "square metre"),
    ("Q28390", "degree"),
    ("Q174728", "centimetre"),
    ("Q174789", "millimetre"),
    ("Q191118", "tonne"),
    ("Q218593", "inch"),
    ("Q253276", "mile"),
    ("Q712226", "square kilometre"),
    ("Q828224", "kilometre"),
];

/// Items that references cite most (Wikimedia projects, authority files).
const ITEMS: &[(&str, &str)] = &[
    ("Q328", "English Wikipedia"),
    ("Q565", "Wikimedia Commons"),
    ("Q2013", "Wikidata"),
    ("Q8447", "French Wikipedia"),
    ("Q8449", "Spanish Wikipedia"),
    ("Q10000", "Dutch Wikipedia"),
    ("Q11920", "Italian Wikipedia"),
    ("Q36578", "Integrated Authority File"),
    ("Q48183", "German Wikipedia"),
    ("Q54919", "Virtual International Authority File"),
    ("Q206855", "Russian Wikipedia"),
    ("Q15241312", "Freebase Data Dumps"),
];

/// The English label of a common property (`P31` → `instance of`).
pub(super) fn property_label(pid: &str) -> Option<&'static str> {
    PROPERTIES
        .iter()
        .find(|(id, _)| *id == pid)
        .map(|(_, label)| *label)
}

/// The English label of an item references often cite (`Q328` → `English Wikipedia`).
pub(super) fn item_label(qid: &str) -> Option<&'static str> {
    ITEMS
        .iter()
        .find(|(id, _)| *id == qid)
        .map(|(_, label)| *label)
}

/// The English label of a common unit (`Q11573` → `metre`).
pub(super) fn unit_label(qid: &str) -> Option<&'static str> {
    UNITS
        .iter()
        .find(|(id, _)| *id == qid)
        .map(|(_, label)| *label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_listed_once_and_in_order() {
        for table in [PROPERTIES, UNITS, ITEMS] {
            let numbers: Vec<u64> = table
                .iter()
                .map(|(id, _)| id[1..].parse().unwrap())
                .collect();
            assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        }
        assert_eq!(property_label("P31"), Some("instance of"));
        assert_eq!(unit_label("Q11573"), Some("metre"));
    }
}
