fn main() -> std::process::ExitCode {
    newsclean::cli::main()
}
