fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let g = claimgraph::store::load_existing(&p).unwrap();
    let t = std::time::Instant::now();
    claimgraph::store::save(&p, &g).unwrap();
    eprintln!("save {:?}", t.elapsed());
}
