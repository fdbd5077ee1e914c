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

use std::cell::Cell;
use std::rc::Rc;

use elders_core::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::i18n::texts;
use crate::view::{button, el, handler, watch};

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

/// Where the module's `entry` appears, drawn into `panel`. `open` is the panel's state;
/// the module is loaded and the entry mounted when it first becomes true, with the
/// argument `arg` gives then (boxed, so that the panel's code exists once for both
/// entries). While the module loads, a status line says so; if it cannot be had, the line
/// says that, with a button to try again.
pub fn on_demand(
    panel: &web_sys::Element,
    module: FormModule,
    entry: &'static str,
    arg: Box<dyn Fn() -> JsValue>,
    open: RwSignal<bool>,
    lang: Lang,
) {
    let t = texts(lang);
    let slot = el("div", "");
    let status = el("div", "").attr("role", "status");
    let _ = panel.append_child(&slot.0);
    let _ = panel.append_child(&status.0);
    let (slot, status) = (slot.0, status.0);
    let started = Rc::new(Cell::new(false));
    let loading = el("p", "elders-message").text(t.form_loading).0;
    // The failure's message, with a button that loads again; filled in below, as the
    // button and the loading refer to each other.
    let failed = el("div", "elders-message elders-message--error")
        .child(el("p", "").text(t.form_failed))
        .0;
    let load: Rc<dyn Fn()> = Rc::new({
        let (started, failed) = (started.clone(), failed.clone());
        move || {
            started.set(true);
            status.set_text_content(None);
            let _ = status.append_child(&loading);
            let (module, container, arg) = (module.clone(), slot.clone(), arg());
            let (status, failed) = (status.clone(), failed.clone());
            spawn_local(async move {
                let started = module.start(entry, &container, arg).await;
                status.set_text_content(None);
                if let Err(error) = started {
                    web_sys::console::warn_2(
                        &"[elders] this panel could not be loaded:".into(),
                        &error,
                    );
                    let _ = status.append_child(&failed);
                }
            });
        }
    });
    let retry = handler({
        let load = load.clone();
        move || load()
    });
    let _ =
        failed.append_child(&button("elders-button elders-button--secondary", t.retry, &retry).0);
    watch(move || {
        if open.get() && !started.get() {
            load();
        }
    });
}
