use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::source::{ReadOptions, parse_article};

fn labels() -> HeaderLabels {
    HeaderLabels {
        title: vec!["Title:".into(), "Headline:".into()],
        byline: vec!["By".into(), "Author:".into()],
        date: vec!["Date:".into()],
        outlet: vec!["Source:".into(), "Outlet:".into()],
    }
}

fn html(page: &str) -> ArticleInfo {
    page_meta(&Html::parse_document(page), &labels())
}

fn info(headline: Option<&str>, byline: Option<&str>, outlet: Option<&str>, date: Option<(i32, u32, u32)>) -> ArticleInfo {
    ArticleInfo {
        headline: headline.map(str::to_string),
        byline: byline.map(str::to_string),
        outlet: outlet.map(str::to_string),
        date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    }
}

#[test]
fn meta_tags_give_every_field() {
    let page = r#"<html><head><title>Harbour talks | The Coastal Ledger</title>
<meta property="og:title" content="  Harbour talks   resume ">
<meta property="og:site_name" content="The Coastal Ledger">
<meta name="author" content="By Mira Halvorsen">
<meta property="article:published_time" content="2024-11-05T08:30:00+01:00">
</head><body><h1>Harbour talks resume after a week</h1><p>Text.</p></body></html>"#;
    assert_eq!(html(page), info(Some("Harbour talks resume"), Some("Mira Halvorsen"), Some("The Coastal Ledger"), Some((2024, 11, 5))));
}

#[test]
fn json_ld_in_a_graph_with_several_authors() {
    let page = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
 {"@type":"NewsArticle","headline":"Ferry fares frozen","datePublished":"2023-02-14",
  "author":[{"@type":"Person","name":"Tomas Brandvold"},"Ines Okonkwo"],
  "publisher":{"@type":"Organization","name":"Fjord Daily"}}]}
</script></head><body><p>Text.</p></body></html>"#;
    assert_eq!(html(page), info(Some("Ferry fares frozen"), Some("Tomas Brandvold, Ines Okonkwo"), Some("Fjord Daily"), Some((2023, 2, 14))));
}

#[test]
fn page_elements_when_nothing_else_says() {
    let page = r#"<html><head><title>Tab title</title></head><body>
<h1>Bridge tolls   rise</h1><p class="article-byline">By Sofie Lindqvist in Tromsø, March 3, 2025</p>
<time datetime="2025-03-03T10:00">3 March</time><p>Text.</p></body></html>"#;
    assert_eq!(html(page), info(Some("Bridge tolls rise"), Some("Sofie Lindqvist"), None, Some((2025, 3, 3))));
    // rel=author before a byline class.
    let page = r#"<body><h1>H</h1><div class="byline">By Someone Else</div><a rel="author" href="/x">Ada Moen</a></body>"#;
    assert_eq!(html(page).byline.as_deref(), Some("Ada Moen"));
    // The <title> only when there is no <h1>.
    assert_eq!(html("<html><head><title>Only the tab</title></head><body><p>x</p></body></html>").headline.as_deref(), Some("Only the tab"));
}

#[test]
fn a_page_without_metadata_gives_none() {
    assert_eq!(html("<html><body><p>Nobody wrote this, it seems.</p></body></html>"), ArticleInfo::default());
    // Broken JSON-LD is ignored, not an error; an author URL is no name.
    let page = r#"<head><script type="application/ld+json">{"headline": </script><meta name="author" content="https://example.invalid/staff"></head><body><p>x</p></body>"#;
    assert_eq!(html(page), ArticleInfo::default());
}

#[test]
fn conflicting_sources_follow_the_precedence() {
    // Meta tags beat JSON-LD, which beats the page's elements, field by field.
    let page = r#"<html><head>
<meta property="og:title" content="From og">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD","datePublished":"2022-01-02","author":"Ld Author","publisher":"Ld Outlet"}</script>
</head><body><h1>From h1</h1><a rel="author">Element Author</a><time datetime="2021-05-05">x</time><p>x</p></body></html>"#;
    assert_eq!(html(page), info(Some("From og"), Some("Ld Author"), Some("Ld Outlet"), Some((2022, 1, 2))));
    // The command line beats the page.
    let opts = ReadOptions { source: Some("Given Outlet".into()), date: NaiveDate::from_ymd_opt(2020, 1, 1), ..Default::default() };
    let a = parse_article(Path::new("a.html"), page, &opts);
    assert_eq!((a.meta.source.as_deref(), a.meta.date), (Some("Given Outlet"), NaiveDate::from_ymd_opt(2020, 1, 1)));
    assert_eq!((a.meta.title.as_str(), a.meta.byline.as_deref()), ("From og", Some("Ld Author")));
}

#[test]
fn plain_text_header_lines() {
    let text = "Title: Ferry strike ends\nBy Jane Roe and Per Dahl in Bergen, March 3, 2025\nSource: The Western Post\n\nThe strike ended on Monday.";
    assert_eq!(text_headers(text, &labels()), info(Some("Ferry strike ends"), Some("Jane Roe and Per Dahl"), Some("The Western Post"), Some((2025, 3, 3))));
    let a = parse_article(Path::new("a.txt"), text, &ReadOptions { header_labels: Some(std::sync::Arc::new(labels())), ..Default::default() });
    assert_eq!((a.meta.title.as_str(), a.meta.byline.as_deref(), a.meta.source.as_deref()), ("Ferry strike ends", Some("Jane Roe and Per Dahl"), Some("The Western Post")));
    // A byline that ends a sentence loses the full stop, not an initial's.
    let dotted = "BYLINE: Jane Roe.\nAuthor: Per Q.\n";
    let labels = HeaderLabels { byline: vec!["Byline:".into(), "Author:".into()], ..labels() };
    assert_eq!(text_headers(dotted, &labels).byline.as_deref(), Some("Jane Roe"));
    assert_eq!(text_headers("Author: Per Q.\n", &labels).byline.as_deref(), Some("Per Q."));
    // Without labels (no rules), the first line is the title as before.
    let plain = parse_article(Path::new("a.txt"), text, &ReadOptions::default());
    assert_eq!((plain.meta.title.as_str(), plain.meta.byline.as_deref()), ("Title: Ferry strike ends", None));
}

#[test]
fn prose_is_no_header() {
    let text = "Harbour news\n\nBy the way, the ferry was late.\nBystanders: many.\nBy Tuesday the strike had ended and the unions said so.\nDate: sometime soon\n";
    assert_eq!(text_headers(text, &labels()), info(None, None, None, None));
    // Headers stand near the top only.
    let late = format!("{}Title: Too late\n", "Line.\n".repeat(20));
    assert_eq!(text_headers(&late, &labels()).headline, None);
}
