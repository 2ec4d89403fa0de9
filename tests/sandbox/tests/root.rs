//! The sandbox over real HTTP on a free port: the root endpoint answers.
use tokio::net::TcpListener;

async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, ghes_sandbox::app()).await.unwrap() });
    format!("http://{addr}/api/v3")
}

#[tokio::test]
async fn root_answers_over_http() {
    let api = start().await;
    let response = reqwest::get(format!("{api}/")).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["current_user_url"].as_str().unwrap().ends_with("/user"), "{body}");
}
