//! `klankbord healthcheck`, as the container image's HEALTHCHECK runs it.

use std::net::TcpListener;
use std::time::Duration;

use crate::Cli;
use crate::common::Backend;

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_healthcheck_command_reports_the_running_servers_readiness() {
    let cli = Cli::new(Backend::Sqlite);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let env = [("KLANKBORD_BIND", bind.as_str())];

    let down = cli.run_env(&["healthcheck"], &env);
    assert!(!down.status.success(), "nothing listens: not healthy");

    let _server = Server(
        cli.command(&["serve"], &env)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Bounded: 300 tries, 100 ms apart.
    let up = (0..300).find_map(|_| {
        let out = cli.run_env(&["healthcheck"], &env);
        if out.status.success() {
            Some(out)
        } else {
            std::thread::sleep(Duration::from_millis(100));
            None
        }
    });
    let up = up.expect("the server became healthy");
    assert_eq!(String::from_utf8_lossy(&up.stdout).trim(), "gezond");
}
