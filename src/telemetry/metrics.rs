//! This instance's counters and request latency, written in the Prometheus
//! text exposition format (version 0.0.4) by hand: a few families need no
//! crate. Labels hold only route patterns (`/r/{token}`, never the path),
//! methods, status codes, job names and outcomes: nothing about a person.
//! Each instance counts its own; the outbox figures come from the database
//! at scrape time (the caller passes them in).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Upper bounds (seconds) of the request latency histogram's buckets.
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The label of a request that matched no route (the 404 page).
pub const UNMATCHED_ROUTE: &str = "(none)";

#[derive(Clone, Default)]
pub struct Metrics {
    inner: Arc<Mutex<Counts>>,
}

#[derive(Default)]
struct Counts {
    requests: BTreeMap<(&'static str, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    job_runs: BTreeMap<(&'static str, &'static str), u64>,
    deliveries: BTreeMap<&'static str, u64>,
}

#[derive(Default)]
struct Histogram {
    /// Per bucket of [`LATENCY_BUCKETS`], not cumulative (summed when written).
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// A method as a label: the few the server answers, anything else `other`
/// (a client may send any token as a method).
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        _ => "other",
    }
}

/// The `HELP` and `TYPE` lines of a metric family.
fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Escapes a label value as the text format asks.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    fn counts(&self) -> MutexGuard<'_, Counts> {
        // A panic elsewhere while counting leaves valid numbers behind.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One answered request: `route` is the matched route's pattern (or
    /// `None` when no route matched), never the request path.
    pub fn record_request(&self, method: &str, route: Option<&str>, status: u16, took: Duration) {
        let route = route.unwrap_or(UNMATCHED_ROUTE).to_owned();
        let mut c = self.counts();
        *c.requests
            .entry((method_label(method), route.clone(), status))
            .or_default() += 1;
        let h = c.latency.entry(route).or_default();
        let secs = took.as_secs_f64();
        if let Some(i) = LATENCY_BUCKETS.iter().position(|b| secs <= *b) {
            h.buckets[i] += 1;
        }
        h.count += 1;
        h.sum += secs;
    }

    /// One run of a background job, `ok` or `error`.
    pub fn record_job_run(&self, job: &'static str, ok: bool) {
        let outcome = if ok { "ok" } else { "error" };
        *self.counts().job_runs.entry((job, outcome)).or_default() += 1;
    }

    /// Messages this instance handled, by outcome (`sent`, `retried`, ...).
    pub fn record_deliveries(&self, outcome: &'static str, n: usize) {
        *self.counts().deliveries.entry(outcome).or_default() += n as u64;
    }

    /// The exposition. `outbox` holds the messages in the outbox by status
    /// (read from the database), `None` when the database did not answer.
    pub fn render(&self, outbox: Option<&[(&'static str, i64)]>) -> String {
        let c = self.counts();
        let mut out = String::new();
        family(
            &mut out,
            "klankbord_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route pattern and status.",
        );
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "klankbord_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        family(
            &mut out,
            "klankbord_http_request_duration_seconds",
            "histogram",
            "Time to answer an HTTP request, by route pattern.",
        );
        for (route, h) in &c.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in LATENCY_BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "klankbord_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "klankbord_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 klankbord_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 klankbord_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        family(
            &mut out,
            "klankbord_job_runs_total",
            "counter",
            "Background job runs of this instance, by job and outcome.",
        );
        for ((job, outcome), n) in &c.job_runs {
            let _ = writeln!(
                out,
                "klankbord_job_runs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        family(
            &mut out,
            "klankbord_mail_deliveries_total",
            "counter",
            "Outbox messages this instance handled, by outcome.",
        );
        for (outcome, n) in &c.deliveries {
            let _ = writeln!(
                out,
                "klankbord_mail_deliveries_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        family(
            &mut out,
            "klankbord_database_up",
            "gauge",
            "1 when the database answered this scrape, 0 otherwise.",
        );
        let _ = writeln!(out, "klankbord_database_up {}", u8::from(outbox.is_some()));
        family(
            &mut out,
            "klankbord_outbox_messages",
            "gauge",
            "Messages in the outbox (all instances), by status; pending and sending are the queue, failed gave up.",
        );
        for (status, n) in outbox.unwrap_or_default() {
            let _ = writeln!(out, "klankbord_outbox_messages{{status=\"{status}\"}} {n}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_under_its_pattern_and_latency_bucket() {
        let m = Metrics::default();
        m.record_request("GET", Some("/r/{token}"), 303, Duration::from_millis(30));
        m.record_request("BREW", None, 404, Duration::from_secs(20));
        let text = m.render(Some(&[("pending", 2)]));
        assert!(text.contains(
            "klankbord_http_requests_total{method=\"GET\",route=\"/r/{token}\",status=\"303\"} 1\n"
        ));
        assert!(text.contains(
            "klankbord_http_requests_total{method=\"other\",route=\"(none)\",status=\"404\"} 1\n"
        ));
        // 30 ms: not in the 25 ms bucket, in the 50 ms one and every later one.
        assert!(text.contains(
            "klankbord_http_request_duration_seconds_bucket{route=\"/r/{token}\",le=\"0.025\"} 0\n"
        ));
        assert!(text.contains(
            "klankbord_http_request_duration_seconds_bucket{route=\"/r/{token}\",le=\"0.05\"} 1\n"
        ));
        // 20 s: beyond the last bound, only in +Inf.
        assert!(text.contains(
            "klankbord_http_request_duration_seconds_bucket{route=\"(none)\",le=\"10\"} 0\n"
        ));
        assert!(text.contains(
            "klankbord_http_request_duration_seconds_bucket{route=\"(none)\",le=\"+Inf\"} 1\n"
        ));
        assert!(text.contains("klankbord_outbox_messages{status=\"pending\"} 2\n"));
        assert!(text.contains("klankbord_database_up 1\n"));
        assert!(m.render(None).contains("klankbord_database_up 0\n"));
    }
}
