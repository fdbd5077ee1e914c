//! `/elders/*` over real HTTP: the loader is cached briefly, content-hashed files for a
//! year, and precompressed copies go out with their encoding.

mod support;

use support::Server;

#[tokio::test]
async fn hashed_files_are_immutable_and_the_loader_is_cached_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("no-dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("elders.js"),
        "import('./elders_widget.0123456789abcdef.js');",
    )
    .unwrap();
    std::fs::write(
        dist.join("elders_widget.0123456789abcdef.js"),
        "export default 1;",
    )
    .unwrap();
    std::fs::write(
        dist.join("elders_widget_bg.0123456789abcdef.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dist.join("elders_widget_bg.0123456789abcdef.wasm.br"),
        b"br",
    )
    .unwrap();
    let server = Server::start_in(dir, &[]);
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(server.url(path))
            .header("accept-encoding", "br")
            .send()
    };

    let loader = get("/elders/elders.js").await.unwrap();
    assert_eq!(loader.status(), 200);
    assert_eq!(loader.headers()["cache-control"], "public, max-age=300");

    let glue = get("/elders/elders_widget.0123456789abcdef.js")
        .await
        .unwrap();
    assert_eq!(glue.status(), 200);
    assert_eq!(
        glue.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let wasm = get("/elders/elders_widget_bg.0123456789abcdef.wasm")
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-encoding"], "br");
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let missing = get("/elders/elders_widget.fedcba9876543210.js")
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.headers()["cache-control"],
        "public, max-age=300",
        "a missing file is not cached for a year"
    );
}
