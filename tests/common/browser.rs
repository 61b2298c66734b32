//! A small browser: keeps cookies, never follows redirects by itself.

use std::collections::HashMap;

use awc::http::Method;

pub struct Browser {
    client: awc::Client,
    base: String,
    pub cookies: HashMap<String, String>,
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: awc::http::header::HeaderMap,
    pub body: String,
    /// The body as sent (a PDF is not text).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
    pub fn location(&self) -> Option<String> {
        self.header("location")
    }
    /// The value of the hidden CSRF field in the page.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("csrf field")
            + "name=\"csrf\" value=\"".len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }
}

enum Body<'a> {
    None,
    Form(&'a [(String, String)]),
    Raw(String, Vec<u8>),
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self {
            client: awc::Client::builder()
                .disable_redirects()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
            base: base.to_owned(),
            cookies: HashMap::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Body<'_>,
        extra: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.client.request(method, self.url(path));
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req = req.insert_header(("cookie", cookie));
        }
        for (k, v) in extra {
            req = req.insert_header((*k, *v));
        }
        let mut res = match body {
            Body::Form(f) => req.send_form(&f.to_vec()).await,
            Body::Raw(content_type, bytes) => {
                req.insert_header(("content-type", content_type))
                    .send_body(bytes)
                    .await
            }
            Body::None => req.send().await,
        }
        .expect("request");
        for sc in res.headers().get_all("set-cookie") {
            let sc = sc.to_str().unwrap();
            let (pair, attrs) = sc.split_once(';').unwrap_or((sc, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || attrs.to_lowercase().contains("max-age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let body = res.body().limit(10 * 1024 * 1024).await.expect("body");
        Resp {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
            bytes: body.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.send(Method::GET, path, Body::None, &[]).await
    }

    /// A GET with extra request headers (`If-None-Match`, …).
    pub async fn get_with_headers(&mut self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.send(Method::GET, path, Body::None, headers).await
    }

    pub async fn head(&mut self, path: &str) -> Resp {
        self.send(Method::HEAD, path, Body::None, &[]).await
    }

    pub async fn post(&mut self, path: &str, form: &[(String, String)]) -> Resp {
        self.send(Method::POST, path, Body::Form(form), &[]).await
    }

    pub async fn post_with_headers(
        &mut self,
        path: &str,
        form: &[(String, String)],
        headers: &[(&str, &str)],
    ) -> Resp {
        self.send(Method::POST, path, Body::Form(form), headers)
            .await
    }

    /// Any method with a raw body of the given type.
    pub async fn raw(
        &mut self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Resp {
        self.send(method, path, Body::Raw(content_type.to_owned(), body), &[])
            .await
    }

    /// Posts a `multipart/form-data` form, as a browser sends a file upload:
    /// text fields, then files as (field, file name, content).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Resp {
        let boundary = "----klankbord-test-grens-7f3a";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, path, Body::Raw(content_type, body), &[])
            .await
    }
}
