//! The evidence page (the article with the span marked, the sentence, the
//! rule and the `explain` fields, and the review form) and the review
//! itself: a posted form becomes a [`Correction`].

use maud::{Markup, html};
use serde::Deserialize;

use crate::eval::mark_evidence;
use crate::model::{Action, ActorKind, Correction, Corrections, Evidence, Span, Target};

use std::collections::HashMap;

use crate::error::Result;

use super::data::{EvidenceOf, PAGE_SIZE, Page, Reader, Which};
use super::pages::{Echo, actor_link, actor_list, date, layout, pager, source, stance_mark, topic_link};

/// The article text with the evidence's sentence and span marked. Offsets
/// that do not fall on the text's characters are dropped, not trusted.
fn marked(text: &str, sentence: Span, span: Span, anchor: bool) -> Markup {
    let mut cuts: Vec<usize> = vec![0, sentence.start, sentence.end, span.start, span.end, text.len()]
        .into_iter()
        .filter(|&i| i <= text.len() && text.is_char_boundary(i))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    html! {
        @for w in cuts.windows(2) {
            @let (a, b) = (w[0], w[1]);
            @let piece = &text[a..b];
            @let in_span = span.start <= a && b <= span.end;
            @let in_sentence = sentence.start <= a && b <= sentence.end;
            @if in_span { mark id=[(a == span.start && anchor).then_some("span")] { (piece) } }
            @else if in_sentence { span.sentence { (piece) } }
            @else { (piece) }
        }
    }
}

/// The evidence sentence with its span marked (the stored sentence text,
/// so it shows even when the article file is gone).
fn sentence(ev: &Evidence) -> Markup {
    let base = ev.sentence.start;
    let rel = |i: usize| i.saturating_sub(base);
    let span = Span::new(rel(ev.span.start), rel(ev.span.end).max(rel(ev.span.start)));
    html! { bdi { (marked(&ev.sentence_text, Span::new(0, ev.sentence_text.len()), span, false)) } }
}

/// What the evidence is of: a statement or a stance, with what identifies it.
struct Subject<'a> {
    of: EvidenceOf,
    id: &'a str,
    n: usize,
    ev: Evidence,
    heading: Markup,
    target: Target,
}

/// The evidence page, or None when there is no such evidence.
pub fn page(snap: &Reader, of: EvidenceOf, id: &str, which: &Which, notice: Option<&str>) -> Result<Option<Markup>> {
    let Some(subject) = subject(snap, of, id, which)? else { return Ok(None) };
    let ev = &subject.ev;
    let n = subject.n;
    let meta = snap.article(&ev.article)?;
    let text = meta.as_ref().map(|m| snap.article_text(m));
    let articles: HashMap<String, crate::model::ArticleMeta> = meta.iter().map(|m| (m.id.clone(), m.clone())).collect();
    let reviews: Vec<&Correction> = snap.snap.corrections.corrections.iter().filter(|c| c.target == subject.target).collect();
    Ok(Some(layout("Evidence", html! {
        @if let Some(n) = notice { p.notice { (n) } }
        h1 { "Evidence" }
        p { (subject.heading) }
        p { (source(&articles, ev)) " · " (date(ev)) @if let Some(m) = &meta { " · " code { (m.path) } } }
        h2 { "Explain" }
        dl.explain {
            dt { "sentence" } dd.marked { (sentence(ev)) }
            dt { "explain" } dd { code { bdi { (mark_evidence(ev)) } } }
            dt { "spans" } dd { "text " (ev.span.start) ".." (ev.span.end) ", sentence " (ev.sentence.start) ".." (ev.sentence.end) }
            dt { "cue" } dd { @if ev.cue.is_empty() { span.muted { "none" } } @else { code { (ev.cue) } } }
            dt { "rule" } dd { code.rule { (ev.rule) } }
            dt { (if of == EvidenceOf::Statement { "speaker" } else { "actor" }) } dd.resolution { bdi { (ev.resolution) } }
            dt { "id" } dd { code { (id) } " evidence " (n + 1) }
        }
        h2 { "Review" }
        @for c in &reviews { p.muted { (c.when) " " bdi { (c.who) } ": " bdi { (c.action.label()) } @if !c.why.is_empty() { " — " bdi { (c.why) } } } }
        (review_form(snap, &subject, ev))
        h2 { "Article" }
        p { a href="#span" { "Jump to the marked passage" } }
        @match text {
            Some(Ok(t)) => div.article id="article" { bdi { (marked(&t, ev.sentence, ev.span, true)) } },
            Some(Err(e)) => p.warn { "The article text cannot be shown: " (e.to_string()) },
            None => p.warn { "The article is not in the graph." },
        }
    })))
}

/// The statement or stance `id` and its evidence `which`, as corrected.
fn subject<'a>(snap: &Reader, of: EvidenceOf, id: &'a str, which: &Which) -> Result<Option<Subject<'a>>> {
    Ok(match of {
        EvidenceOf::Statement => {
            let Some(s) = snap.statement(id)? else { return Ok(None) };
            let Some((n, ev)) = which.pick(&s.evidence) else { return Ok(None) };
            Some(Subject {
                of,
                id,
                n,
                ev: ev.clone(),
                heading: html! { (actor_link(&s.speaker)) " (" (s.kind.as_str()) "): " q.quote { bdi { (s.text) } } },
                target: Target::statement(ev, &s.text),
            })
        }
        EvidenceOf::Stance => {
            let Some(s) = snap.stance(id)? else { return Ok(None) };
            let Some((n, ev)) = which.pick(&s.evidence) else { return Ok(None) };
            Some(Subject {
                of,
                id,
                n,
                ev: ev.clone(),
                heading: html! { (actor_link(&s.actor)) " " (stance_mark(s.stance)) " " (topic_link(snap, &s.topic)) },
                target: stance_target(&snap.snap.corrections, ev, &s.topic, &s.actor),
            })
        }
    })
}

/// The target a review of this stance evidence records. The page shows the
/// stance as corrected, but a target names the actor as extracted, so a
/// stance already reviewed keeps the target of its earlier review (whose
/// speaker fix gave it this actor, or which predates actors in targets):
/// a second decision on it then composes with the first.
fn stance_target(c: &Corrections, ev: &Evidence, topic: &str, actor: &str) -> Target {
    let fresh = Target::stance(ev, topic, actor);
    let Target::Stance { article, sentence, cue, span, .. } = &fresh else { return fresh };
    let same_place = |t: &Target| {
        matches!(t, Target::Stance { article: a, sentence: s, topic: tp, cue: cu, span: sp, .. }
            if a == article && s == sentence && tp == topic && cu == cue && (sp.is_none() || sp == span))
    };
    let mut earlier: Vec<&Correction> = c.corrections.iter().filter(|x| same_place(&x.target)).collect();
    // Latest first: the decision that gave the stance its actor now.
    earlier.reverse();
    let made_this_actor = |x: &&&Correction| matches!(&x.action, Action::Speaker { name, .. } if name == actor);
    let untold = |x: &&&Correction| matches!(&x.target, Target::Stance { actor: None, .. });
    if earlier.iter().any(|x| x.target == fresh) {
        return fresh;
    }
    earlier.iter().find(made_this_actor).or_else(|| earlier.iter().find(untold)).map_or(fresh, |x| x.target.clone())
}

fn review_form(snap: &Reader, s: &Subject, ev: &Evidence) -> Markup {
    let statement = s.of == EvidenceOf::Statement;
    html! {
        form.review id="review" method="post" action="/correct" {
            input type="hidden" name="of" value=(if statement { "statement" } else { "stance" });
            input type="hidden" name="id" value=(s.id);
            input type="hidden" name="n" value=(s.n);
            input type="hidden" name="article" value=(ev.article);
            input type="hidden" name="at" value=(ev.span.start);
            label { "Decision"
                select name="action" {
                    option value="wrong" { "wrong: not a " (if statement { "statement" } else { "stance" }) }
                    option value="speaker" { (if statement { "another speaker" } else { "another actor" }) }
                    @if statement { option value="kind" { "the other kind" } } @else { option value="stance" { "the other stance" } }
                    option value="confirm" { "right as it is" }
                }
            }
            label { (if statement { "Speaker" } else { "Actor" }) " (choose or type a new one)" input name="speaker" list="actors"; }
            label { "New actor is a" select name="actor_kind" { option value="person" { "person" } option value="country" { "country" } option value="organization" { "organization" } } }
            label { "Coder" input name="coder" required; }
            label.wide { "Why" input name="why" placeholder={ "e.g. the cue was \u{201c}" (ev.cue) "\u{201d} but someone else speaks" }; }
            div.wide { button type="submit" { "Record correction" } }
            (actor_list(snap))
        }
    }
}

/// A posted review.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub of: String,
    pub id: String,
    pub n: String,
    pub article: String,
    pub at: String,
    pub action: String,
    pub speaker: String,
    pub actor_kind: String,
    pub coder: String,
    pub why: String,
}

/// The correction a posted review asks for, or why it cannot be one.
pub fn correction(snap: &Reader, f: &ReviewForm, when: String) -> Result<Correction, String> {
    let coder = f.coder.trim();
    if coder.is_empty() {
        return Err("say who you are (coder)".into());
    }
    let speaker = f.speaker.trim();
    let which = match f.at.trim().parse::<usize>() {
        Ok(start) if !f.article.is_empty() => Which::At { article: f.article.clone(), start },
        _ if f.of == "actor" => Which::Nth(0),
        _ => Which::Nth(f.n.trim().parse().map_err(|_| "bad evidence number".to_string())?),
    };
    let failed = |e: crate::error::Error| e.to_string();
    let kind = match f.actor_kind.as_str() {
        "country" => ActorKind::Country,
        "organization" => ActorKind::Organization,
        _ => ActorKind::Person,
    };
    let (target, current_kind, current_stance) = match f.of.as_str() {
        "statement" => {
            let s = snap.statement(&f.id).map_err(failed)?.ok_or("no such statement")?;
            let (_, ev) = which.pick(&s.evidence).ok_or("no such evidence")?;
            (Target::statement(ev, &s.text), Some(s.kind), None)
        }
        "stance" => {
            let s = snap.stance(&f.id).map_err(failed)?.ok_or("no such stance")?;
            let (_, ev) = which.pick(&s.evidence).ok_or("no such evidence")?;
            (stance_target(&snap.snap.corrections, ev, &s.topic, &s.actor), None, Some(s.stance))
        }
        "actor" => {
            snap.snap.data.actors.iter().find(|a| a.name == f.id).ok_or("no such actor")?;
            (Target::Actor { name: f.id.clone() }, None, None)
        }
        _ => return Err("unknown kind of target".into()),
    };
    let action = match (f.action.as_str(), &target) {
        ("merge", Target::Actor { name }) if !speaker.is_empty() && speaker != name => Action::Merge { into: speaker.to_string() },
        ("merge", _) => return Err("name the actor to merge into (another one)".into()),
        (_, Target::Actor { .. }) => return Err("an actor can only be merged".into()),
        ("wrong", _) => Action::Wrong,
        ("confirm", _) => Action::Confirm,
        ("speaker", _) if speaker.is_empty() => return Err("name the speaker".into()),
        ("speaker", _) => {
            let known = snap.snap.data.actors.iter().any(|a| a.name == speaker);
            Action::Speaker { name: speaker.to_string(), kind: (!known).then_some(kind) }
        }
        ("kind", _) => Action::Kind(match current_kind.ok_or("only a statement has a kind")? {
            crate::model::QuoteKind::Direct => crate::model::QuoteKind::Indirect,
            crate::model::QuoteKind::Indirect => crate::model::QuoteKind::Direct,
        }),
        ("stance", _) => Action::Stance(current_stance.ok_or("only a stance has a polarity")?.opposite()),
        _ => return Err("unknown decision".into()),
    };
    Ok(Correction { who: coder.to_string(), when, target, action, why: f.why.trim().to_string() })
}

fn describe(t: &Target) -> Markup {
    match t {
        Target::Statement { article, text, .. } => html! { "statement " q { bdi { (text) } } " in " code { (article) } },
        Target::Stance { article, topic, cue, .. } => html! { "stance on " code { (topic) } " (cue " q { bdi { (cue) } } ") in " code { (article) } },
        Target::Actor { name } => html! { "actor " (actor_link(name)) },
    }
}

/// Every correction, newest first.
pub fn list(snap: &Reader, page: usize, notice: Option<&str>) -> Markup {
    let all: Vec<&Correction> = snap.snap.corrections.corrections.iter().rev().collect();
    let page = page.max(1);
    let p = Page {
        rows: all.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).copied().collect::<Vec<_>>(),
        total: all.len(),
        page,
        articles: HashMap::new(),
    };
    let a = &snap.snap.applied;
    layout("Corrections", html! {
        @if let Some(n) = notice { p.notice id="notice" { (n) } }
        h1 { "Corrections" }
        p.muted { (a.total) " recorded · " (a.changed) " statement or stance occurrences changed · " (a.unmatched) " no longer find their target" }
        (pager(&p, &Echo::default(), "/corrections"))
        table.corrections {
            thead { tr { th { "When" } th { "Coder" } th { "Target" } th { "Decision" } th { "Why" } } }
            tbody { @for c in &p.rows {
                tr { td.nowrap { (c.when) } td { bdi { (c.who) } } td { (describe(&c.target)) } td { bdi { (c.action.label()) } } td { bdi { (c.why) } } }
            } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_review_of_a_stance_keeps_the_target_of_the_first() {
        let ev = Evidence {
            article: "a1".into(),
            span: Span::new(10, 30),
            sentence: Span::new(0, 40),
            sentence_text: "Ada Quill and Bram Ostler rejected the levy.".into(),
            cue: "rejected".into(),
            rule: "stance.reject".into(),
            date: None,
            resolution: String::new().into(),
        };
        let first = Target::stance(&ev, "levy", "Bram Ostler");
        let fix = |target: Target, action: Action| Correction { who: "ann".into(), when: "2026-01-01T00:00:00Z".into(), target, action, why: String::new() };
        let c = Corrections { corrections: vec![fix(first.clone(), Action::Speaker { name: "Cy Wren".into(), kind: None })], ..Default::default() };
        // The page now shows Cy Wren's stance: a review of it names Bram's.
        assert_eq!(stance_target(&c, &ev, "levy", "Cy Wren"), first);
        // Ada's stance in the same sentence gets a target of its own.
        assert_eq!(stance_target(&c, &ev, "levy", "Ada Quill"), Target::stance(&ev, "levy", "Ada Quill"));
        assert_ne!(stance_target(&c, &ev, "levy", "Ada Quill"), first);
    }
}
