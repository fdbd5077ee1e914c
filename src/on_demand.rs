//! The question form's panel, in the cards module. The form itself is a second Wasm module
//! (`elders_ask`, built from this crate with the `ask` feature), loaded the first time the
//! panel opens: most page views never ask anything, and the form is a fifth of the
//! widget's code, so without it the cards arrive sooner and every page view costs less.
//!
//! The loader hands over a function that downloads and starts that module and mounts the
//! form into an element; the panel calls it once. If the module cannot be had (the Elders
//! server is unreachable, or the page's policy blocks it), the panel says so, with a button
//! to try again; nothing has been typed at that point, so nothing is lost.

use elders_core::Lang;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::i18n::texts;

/// How to start the form: the loader's function, and the widget it belongs to.
#[derive(Clone)]
pub struct FormLoader {
    /// `(host, script, container) => Promise`: mounts the form into `container`.
    pub load: js_sys::Function,
    pub host: web_sys::Element,
    pub script: Option<web_sys::Element>,
}

impl FormLoader {
    /// Starts the form in `container`; `Err` with the reason when it could not start.
    async fn start(&self, container: &web_sys::Element) -> Result<(), JsValue> {
        let script = self.script.clone().map_or(JsValue::NULL, JsValue::from);
        let started = self
            .load
            .call3(&JsValue::NULL, &self.host, &script, container)?;
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&started)).await?;
        Ok(())
    }
}

/// Where the form appears. `open` is the panel's state; the form loads when it first
/// becomes true.
///
/// The loading state is three flags rather than one enum: a signal of a type of its own
/// compiles its own reactive code (about 1 KB of Wasm), and flags share `bool`'s.
#[component]
pub fn AskPanel(loader: FormLoader, open: RwSignal<bool>, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let started = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let slot = NodeRef::<html::Div>::new();
    let loader = StoredValue::new_local(loader);
    let load = move || {
        let Some(container) = slot.get_untracked() else {
            return;
        };
        started.set(true);
        failed.set(false);
        loading.set(true);
        let loader = loader.get_value();
        spawn_local(async move {
            if let Err(error) = loader.start(&container).await {
                web_sys::console::warn_2(
                    &"[elders] the question form could not be loaded:".into(),
                    &error,
                );
                failed.set(true);
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        if open.get() && !started.get_untracked() {
            load();
        }
    });
    view! {
        <div node_ref=slot></div>
        <div role="status">
            {move || if loading.get() {
                Some(view! { <p class="elders-message">{t.form_loading}</p> }.into_any())
            } else if failed.get() {
                Some(view! {
                    <div class="elders-message elders-message--error">
                        <p>{t.form_failed}</p>
                        <button type="button" class="elders-button elders-button--secondary" on:click=move |_| load()>
                            {t.retry}
                        </button>
                    </div>
                }.into_any())
            } else {
                None
            }}
        </div>
    }
}
