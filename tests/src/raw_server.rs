//! A byte-level server for transport tests (not a TOP gateway): it answers exactly the
//! bytes it is given, for what hyper cannot be made to do.

use std::sync::Arc;
use std::time::Duration;

/// How a [`RawServer`] ends each answer.
#[derive(Clone, Copy, Debug)]
pub enum RawEnding {
    /// Closes the connection normally (FIN), whatever its `Content-Length` promised.
    Close,
    /// Resets the connection (RST, by `SO_LINGER` 0) after a pause.
    Reset,
}

/// A server below HTTP, on 127.0.0.1, for what hyper cannot be made to do: it reads each
/// request whole, writes exactly `head` and `body` (the head may promise more), and ends
/// the connection as told. It counts the requests it read.
pub struct RawServer {
    pub url: String,
    requests: Arc<std::sync::atomic::AtomicUsize>,
}

impl RawServer {
    pub async fn start(head: String, body: Vec<u8>, ending: RawEnding) -> RawServer {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!(
            "http://{}/router/rest",
            listener.local_addr().expect("address")
        );
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let (head, body, counted) = (head.clone(), body.clone(), Arc::clone(&counted));
                tokio::spawn(async move {
                    // The request: headers, then `Content-Length` bytes of body.
                    let mut received = Vec::new();
                    let mut buffer = [0u8; 4096];
                    let complete = loop {
                        let Ok(n) = stream.read(&mut buffer).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        received.extend_from_slice(&buffer[..n]);
                        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                            let headers = String::from_utf8_lossy(&received[..end]).to_lowercase();
                            let length = headers
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            if received.len() >= end + 4 + length {
                                break true;
                            }
                        }
                    };
                    if complete {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                    let _ = stream.flush().await;
                    match ending {
                        RawEnding::Close => {
                            let _ = stream.shutdown().await;
                        }
                        RawEnding::Reset => {
                            // Let the client read what was sent, then reset.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            let _ = stream.set_zero_linger();
                        }
                    }
                    drop(stream);
                });
            }
        });
        RawServer { url, requests }
    }

    /// How many whole requests arrived.
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}
