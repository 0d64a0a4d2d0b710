fn main() {
    std::process::exit(newsclean::cli::main());
}
