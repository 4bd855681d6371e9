//! The OpenAPI document, served at `/api/v1/openapi.json`. Each service's router carries the
//! descriptions of its endpoints (utoipa); this adds what is shared.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kakeibo API", description = "Self-hosted personal finance. Errors are `{\"error\": {\"code\", \"message\", \"details\"}}`."),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// `Authorization: Bearer …`: an access token from `/auth/login`, or a personal API token.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or kkb_ API token")
                    .build(),
            ),
        );
    }
}
