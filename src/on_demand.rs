//! The form's module, loaded on demand. The question form, the questions panel and the
//! answer form are a second Wasm module (`elders_ask`, built from this crate with the
//! `ask` feature), loaded the first time a reader opens one of them: most page views
//! never ask or answer anything, and that code is a large share of the widget's, so
//! without it the cards arrive sooner and every page view costs less.
//!
//! The loader hands over a function that downloads and starts that module and calls one
//! of its entry points with an element to mount into; an [`on_demand`] panel calls it once.
//! If the module cannot be had (the Elders server is unreachable, or the page's policy
//! blocks it), the panel says so, with a button to try again; nothing has been typed at
//! that point, so nothing is lost.

use elders_core::Lang;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::i18n::texts;

/// How to start the form's module: the loader's function, and the widget it is for.
#[derive(Clone)]
pub struct FormModule {
    /// `(entry, host, script, container, arg) => Promise`: calls the module's `entry`
    /// with the host, the script, the element to mount into, and `arg`.
    pub load: js_sys::Function,
    pub host: web_sys::Element,
    pub script: Option<web_sys::Element>,
}

impl FormModule {
    /// Calls the module's `entry` with `container` (`null` for an entry that computes
    /// rather than mounts) and `arg`, and returns what it returned; `Err` with the reason
    /// when the module could not start or the entry failed.
    pub async fn call(
        &self,
        entry: &str,
        container: &JsValue,
        arg: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let script = self.script.clone().map_or(JsValue::NULL, JsValue::from);
        let started = self.load.call5(
            &JsValue::NULL,
            &JsValue::from_str(entry),
            &self.host,
            &script,
            container,
            arg,
        )?;
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&started)).await
    }

    /// Mounts the module's `entry` into `container`.
    async fn start(
        &self,
        entry: &str,
        container: &web_sys::Element,
        arg: JsValue,
    ) -> Result<(), JsValue> {
        self.call(entry, container, &arg).await.map(|_| ())
    }
}

/// Where the module's `entry` appears. `open` is the panel's state; the module is loaded
/// and the entry mounted when it first becomes true, with the argument `arg` gives then
/// (boxed, so that the panel's code exists once for both entries).
///
/// A plain function rather than a component, and its loading state three flags rather
/// than one enum: a component's props and a signal of a type of its own each compile
/// code of their own (a signal's reactive code is about 1 KB of Wasm), and flags share
/// `bool`'s.
pub fn on_demand(
    module: FormModule,
    entry: &'static str,
    arg: Box<dyn Fn() -> JsValue>,
    open: RwSignal<bool>,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let started = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let slot = NodeRef::<html::Div>::new();
    let module = StoredValue::new_local(module);
    let arg = StoredValue::new_local(arg);
    let load = move || {
        let Some(container) = slot.get_untracked() else {
            return;
        };
        started.set(true);
        failed.set(false);
        loading.set(true);
        let module = module.get_value();
        let arg = arg.with_value(|arg| arg());
        spawn_local(async move {
            if let Err(error) = module.start(entry, &container, arg).await {
                web_sys::console::warn_2(
                    &"[elders] this panel could not be loaded:".into(),
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
