//! `/admin/reported`: the published questions and answers readers reported from the
//! widget ("Melden"), the longest waiting first, each with how many reported it and why,
//! and whether the reports have hidden it. The queue's form is the other queues' (edit,
//! approve, reject, in bulk too); here approving keeps the item and settles its reports,
//! and rejecting takes it down (`store::reports`).

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::session::signed_in;
use super::words::{report_reason, words};
use super::{internal, question_item, queue_page, Item, Params, QUEUE_LIMIT};
use crate::routes::state::AppState;
use crate::store::{OpenReports, StoreError};

/// `GET /admin/reported`.
pub async fn reported(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let open = match state.reports.open(QUEUE_LIMIT).await {
        Ok(open) => open,
        Err(e) => return internal(e),
    };
    let mut items = Vec::with_capacity(open.len());
    for reports in &open {
        match item(&state, reports, &params).await {
            Ok(Some(item)) => items.push(item),
            // Erased since it was reported: its reports went with it.
            Ok(None) => {}
            Err(e) => return internal(e),
        }
    }
    queue_page(&state, session, &params, "reported", items).await
}

/// A reported item as the queue shows it: the question's or the answer's own context, and
/// the reports first.
async fn item(
    state: &AppState,
    reports: &OpenReports,
    params: &Params,
) -> Result<Option<Item>, StoreError> {
    let lang = params.lang();
    let w = words(lang);
    let Some(question) = state.questions.get(&reports.question_id).await? else {
        return Ok(None);
    };
    let reasons: Vec<String> = reports
        .reasons
        .iter()
        .map(|(reason, n)| format!("{} ({n})", report_reason(lang, *reason)))
        .collect();
    let mut meta = vec![
        (
            w.reports,
            format!("{}: {}", reports.count, reasons.join(", ")),
        ),
        (w.first_report, reports.first_at.clone()),
    ];
    if reports.hidden {
        meta.push((w.hidden, w.yes.to_string()));
    }
    let item = match &reports.answer_id {
        None => {
            let mut item = question_item(&question, w);
            meta.append(&mut item.meta);
            Item { meta, ..item }
        }
        Some(answer_id) => {
            let Some(answer) = state.answers.get(answer_id).await? else {
                return Ok(None);
            };
            for (label, value) in [
                (w.link, &answer.url),
                (w.organisation, &answer.organisation),
                (w.name, &answer.name),
                (w.email, &answer.email),
            ] {
                if let Some(value) = value {
                    meta.push((label, value.clone()));
                }
            }
            Item {
                id: answer.id.clone(),
                question_id: question.id.clone(),
                context: Some(format!("{}: {}", w.answers_question, question.question)),
                text: answer.answer.clone(),
                meta,
            }
        }
    };
    Ok(Some(item))
}

/// Whether a reported item is a question (`questions`) or an answer (`answers`), for the
/// rules its edited text must meet.
pub(super) async fn kind(state: &AppState, id: &str) -> Result<&'static str, StoreError> {
    Ok(if state.questions.get(id).await?.is_some() {
        "questions"
    } else {
        "answers"
    })
}
