use proptest::prelude::*;

use super::*;

fn parse(s: &str) -> Result<DesignTokens, TokensError> {
    DesignTokens::parse(s.as_bytes())
}

fn line_of(e: &TokensError) -> usize {
    match e {
        TokensError::At { line, .. } => *line,
        other => panic!("no line: {other:?}"),
    }
}

/// A file shaped like a published package: a header comment, a class
/// block with trailing comments, an empty declaration, `var()` chains,
/// quoted font names and a gradient.
const PACKAGE_LIKE: &str = "/**\n * Do not edit directly, this file was generated.\n */\n\n.gemeente-theme {\n  --gemeente-color-blue-35: hsl(211 60% 35%); /* basis */\n  --gemeente-color-white: hsl(0 0% 100%);\n  --utrecht-document-font-family: \"Noto Sans\", 'Arial', sans-serif;\n  --utrecht-link-color: var(--gemeente-color-blue-35);\n  --utrecht-page-footer-background-image: linear-gradient(45deg, var(--gemeente-color-blue-35), #d63433 50%);;\n  --utrecht-heading-1-font-size: calc(1rem + 1vw); /* 28px (desktop) */\n}\n";

#[test]
fn a_package_like_file_is_accepted_and_served_under_root() {
    let tokens = parse(PACKAGE_LIKE).unwrap();
    assert_eq!(tokens.len(), 6);
    assert_eq!(
        tokens.to_css(),
        ":root {\n  --gemeente-color-blue-35: hsl(211 60% 35%);\n  --gemeente-color-white: hsl(0 0% 100%);\n  --utrecht-document-font-family: \"Noto Sans\", 'Arial', sans-serif;\n  --utrecht-link-color: var(--gemeente-color-blue-35);\n  --utrecht-page-footer-background-image: linear-gradient(45deg, var(--gemeente-color-blue-35), #d63433 50%);\n  --utrecht-heading-1-font-size: calc(1rem + 1vw);\n}\n"
    );
}

#[test]
fn bare_declarations_root_blocks_and_several_blocks_are_accepted() {
    let bare = parse("--nl-paragraph-font-size: 1rem;\n--nl-link-color: #123456").unwrap();
    assert_eq!(bare.len(), 2);
    let two = parse(":root { --a-b: 1px; }\n.x-theme{--a-c:red}\n\u{feff}").unwrap_err();
    // A BOM is only allowed at the start; elsewhere it is not white space.
    assert!(matches!(two, TokensError::At { .. }), "{two:?}");
    let two = parse("\u{feff}:root { --a-b: 1px; }\n.x-theme{--a-c:red}\n").unwrap();
    assert_eq!(two.to_css(), ":root {\n  --a-b: 1px;\n  --a-c: red;\n}\n");
}

#[test]
fn a_name_given_twice_keeps_its_last_value_in_its_first_place() {
    let t = parse(":root { --a-b: 1px; --a-c: 2px; --a-b: 3px; }").unwrap();
    assert_eq!(t.to_css(), ":root {\n  --a-b: 3px;\n  --a-c: 2px;\n}\n");
}

#[test]
fn white_space_in_values_is_one_space_and_strings_stay_as_they_are() {
    let t = parse("--a-b:\n   rgb( 1 ,\t2  3 )  ;\n--a-c: \"Two  Spaces\";").unwrap();
    let d = t.declarations();
    assert_eq!(d[0].value(), "rgb( 1 , 2 3 )");
    assert_eq!(d[1].value(), "\"Two  Spaces\"");
}

#[test]
fn hostile_values_are_refused_with_their_line() {
    let cases = [
        ("--a-b: url(https://evil.example/x.png);", "url"),
        ("--a-b: URL(x);", "url()"),
        ("--a-b: image-set(\"x.png\" 1x);", "image-set"),
        ("--a-b: expression(alert(1));", "expression"),
        ("--a-b: \\75 rl(x);", "\\"),
        ("--a-b: red !important;", "!"),
        ("--a-b: \"</style><script>\";", "<"),
        ("--a-b: \"a;b\";", ";"),
        ("--a-b: \"a{b\";", "{"),
        ("--a-b: @import;", "@"),
        ("--a-b: (1;", "haakjes"),
        ("--a-b: 1);", "haakjes"),
        ("--a-b: ;", "geen waarde"),
        ("--a-b: \"é\";", "\\u{e9}"),
        ("--a-b: src(\"x\");", "src"),
    ];
    for (value, mention) in cases {
        let file = format!(":root {{\n  --ok-one: 1px;\n  {value}\n}}\n");
        let e = parse(&file).unwrap_err();
        assert_eq!(line_of(&e), 3, "{value}: {e}");
        assert!(e.to_string().contains(mention), "{value}: {e}");
        assert!(e.to_string().starts_with("Regel 3: "), "{e}");
    }
}

#[test]
fn anything_but_custom_properties_is_refused() {
    let cases = [
        ("@import url(x.css);", 1, "@-regels"),
        ("\n@media print { :root { --a-b: 1px } }", 2, "@-regels"),
        ("body { --a-b: 1px; }", 1, "‘body’"),
        (":root, .x { --a-b: 1px; }", 1, "selector"),
        (".a .b { --a-b: 1px; }", 1, "selector"),
        ("[data-x] { --a-b: 1px; }", 1, "selector"),
        (":root { color: red; }", 1, "geen ontwerptoken"),
        (
            ":root {\n  --a-b: 1px;\n  background: url(x);\n}",
            3,
            "geen ontwerptoken",
        ),
        ("color: red;", 1, "geen ontwerptoken"),
        (
            ":root { --a-b: 1px; .x { --a-c: 1px; } }",
            1,
            "binnen regels",
        ),
        (":root { --a-b: 1px;", 1, "niet afgesloten"),
        ("--a-b: 1px; }", 1, "zonder blok"),
        (":root\n--a-b: 1px;", 1, "‘{’"),
        ("/* open\ncomment", 1, "commentaar"),
        ("--a-b: \"open", 1, "aanhalingstekens"),
        ("--a-b: \"two\nlines\";", 1, "aanhalingstekens"),
        ("--A-B: 1px;", 1, "geen geldige naam"),
        ("--ab: 1px;", 1, "geen geldige naam"),
        ("--a_b: 1px;", 1, "geen geldige naam"),
        ("--a--b: 1px;", 1, "geen geldige naam"),
        ("--1a-b: 1px;", 1, "geen geldige naam"),
        ("--a-b: 1px;\n\u{0}", 2, "stuurteken"),
    ];
    for (file, line, mention) in cases {
        let e = parse(file).unwrap_err();
        assert_eq!(line_of(&e), line, "{file:?}: {e}");
        assert!(e.to_string().contains(mention), "{file:?}: {e}");
    }
}

#[test]
fn empty_huge_and_binary_files_are_refused() {
    assert_eq!(parse(""), Err(TokensError::Empty));
    assert_eq!(
        parse("/* nothing */\n:root {}\n;;"),
        Err(TokensError::Empty)
    );
    let huge = format!("--a-b: {};", "1".repeat(MAX_TOKENS_BYTES));
    assert_eq!(parse(&huge), Err(TokensError::TooLarge));
    assert_eq!(
        DesignTokens::parse(&[0x89, b'P', b'N', b'G', 0xff, 0xfe]),
        Err(TokensError::NotUtf8)
    );
    let many: String = (0..=MAX_DECLARATIONS)
        .map(|i| format!("--a-n{i}: 1;\n"))
        .collect();
    assert_eq!(parse(&many), Err(TokensError::TooMany));
    let long = format!("--a-b: {};", "1".repeat(MAX_VALUE_CHARS + 1));
    assert!(parse(&long).unwrap_err().to_string().contains("langer dan"));
    let long_name = format!("--a-{}: 1;", "b".repeat(MAX_NAME_CHARS));
    assert!(
        parse(&long_name)
            .unwrap_err()
            .to_string()
            .contains("geen geldige naam")
    );
}

#[test]
fn a_comment_inside_a_string_is_text_and_then_refused() {
    let e = parse("--a-b: \"x /* y */\";").unwrap_err();
    assert!(e.to_string().contains("/*"), "{e}");
}

/// What an accepted file may never serve again.
fn assert_plain(css: &str) {
    let lower = css.to_ascii_lowercase();
    for bad in [
        "url(",
        "@",
        "\\",
        "<",
        "!",
        "/*",
        "expression(",
        "image-set(",
        "src(",
    ] {
        assert!(!lower.contains(bad), "{bad} in {css}");
    }
    assert_eq!(css.matches('{').count(), 1, "{css}");
    assert_eq!(css.matches('}').count(), 1, "{css}");
    assert!(css.starts_with(":root {\n") && css.ends_with("}\n"));
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("--a-b".to_owned()),
        Just(":".to_owned()),
        Just(";".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(":root".to_owned()),
        Just(".x-theme".to_owned()),
        Just("url(".to_owned()),
        Just("var(".to_owned()),
        Just(")".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("/*".to_owned()),
        Just("*/".to_owned()),
        Just("\\".to_owned()),
        Just("@import".to_owned()),
        Just("<script>".to_owned()),
        Just("\n".to_owned()),
        Just(" ".to_owned()),
        "[a-z0-9#%. -]{0,8}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Any bytes: no panic; whatever is accepted is plain and parses again
    /// to the same tokens.
    #[test]
    fn any_input_is_refused_or_served_plain(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(tokens) = DesignTokens::parse(&bytes) {
            let css = tokens.to_css();
            assert_plain(&css);
            prop_assert_eq!(DesignTokens::parse(css.as_bytes()), Ok(tokens));
        }
    }

    /// CSS-like soup built from the dangerous pieces.
    #[test]
    fn css_like_soup_is_refused_or_served_plain(parts in proptest::collection::vec(fragment(), 0..40)) {
        let file: String = parts.concat();
        if let Ok(tokens) = DesignTokens::parse(file.as_bytes()) {
            let css = tokens.to_css();
            assert_plain(&css);
            prop_assert_eq!(DesignTokens::parse(css.as_bytes()), Ok(tokens));
        }
    }

    /// A loading or escaping construct anywhere in a good value is refused.
    #[test]
    fn a_hostile_piece_in_a_value_is_refused(
        before in "[a-z0-9 #%.]{0,10}",
        after in "[a-z0-9 #%.]{0,10}",
        bad in prop_oneof![
            Just("url(x)"), Just("uRl(x)"), Just("image-set(x)"), Just("expression(x)"),
            Just("\\41"), Just("<"), Just("!important"), Just("@x"), Just("element(#a)"),
            Just("cross-fade(x)"), Just("\"a;b\""), Just("\"{\""),
        ],
    ) {
        let file = format!(":root {{ --a-b: {before}{bad}{after}; }}");
        prop_assert!(DesignTokens::parse(file.as_bytes()).is_err(), "{}", file);
    }
}
