fn main() -> std::process::ExitCode {
    klankbord::cli::run()
}
