//! Delivers queued e-mail (`kakeibo_core::mail::enqueue`). A failed delivery is retried by
//! apalis, so a mail server that is down for a while loses nothing.

use apalis::prelude::*;
use kakeibo_core::jobs::JobContext;
use kakeibo_core::mail::OutgoingMail;

#[tracing::instrument(skip_all, fields(to = %mail.to, subject = %mail.subject))]
pub async fn deliver(mail: OutgoingMail, context: Data<JobContext>) -> Result<(), BoxDynError> {
    context
        .mailer
        .send(mail)
        .await
        .map_err(|e| -> BoxDynError { format!("{e:#}").into() })?;
    metrics::counter!("emails_sent_total").increment(1);
    Ok(())
}
