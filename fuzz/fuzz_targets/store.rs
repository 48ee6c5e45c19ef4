//! Arbitrary bytes as a stored graph: a single-file graph or a split
//! graph's manifest (the first byte picks which), then the checks `verify`
//! runs. Any input must give a graph or a typed error whose message renders,
//! never a panic; a graph that parses must survive a write and a re-read
//! unchanged, and its checks must not panic either.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use claimgraph::store::{self, split, verify};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = Path::new("graph.ron");
    let _ = store::check_seal(text);
    if which % 2 == 0 {
        match store::parse_unchecked(path, text) {
            Ok(graph) => {
                let _ = verify::structure(&graph);
                let _ = verify::derived_ids(&graph);
                let _ = verify::verify(&graph, None);
                let written = store::to_ron(&graph).expect("a parsed graph serialises");
                let again = store::parse(path, &written).expect("a written graph reads back");
                assert_eq!(store::to_ron(&again).expect("serialises"), written, "a write and re-read changed the graph");
            }
            Err(e) => {
                let _ = e.to_string();
                let _ = e.location();
            }
        }
    } else if let Err(e) = split::parse_manifest_unchecked(path, text) {
        let _ = e.to_string();
        let _ = e.location();
    }
});
