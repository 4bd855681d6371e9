{{/* Names and labels. */}}
{{- define "kakeibo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kakeibo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one role: (dict "root" $ "component" "api") */}}
{{- define "kakeibo.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "kakeibo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "kakeibo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kakeibo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kakeibo.secretName" -}}
{{- default (printf "%s-secrets" (include "kakeibo.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "kakeibo.cnpgCluster" -}}
{{- printf "%s-db" (include "kakeibo.fullname" .) -}}
{{- end -}}

{{- define "kakeibo.hasTelegram" -}}
{{- if or .Values.secrets.telegramBotToken .Values.secrets.hasTelegramBotToken }}true{{ end -}}
{{- end -}}
{{- define "kakeibo.hasSmtp" -}}
{{- if or .Values.secrets.smtpUrl .Values.secrets.hasSmtpUrl }}true{{ end -}}
{{- end -}}
{{- define "kakeibo.hasLlmKey" -}}
{{- if or .Values.secrets.llmApiKey .Values.secrets.hasLlmApiKey }}true{{ end -}}
{{- end -}}

{{/* The pod's hardening: uid 65532 as the image sets it, no privilege, read-only root. */}}
{{- define "kakeibo.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "kakeibo.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
runAsNonRoot: true
runAsUser: 65532
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Environment of every kakeibo container: paths of the secret files, plain settings. */}}
{{- define "kakeibo.env" -}}
- name: KAKEIBO_DATABASE__URL_FILE
  value: /run/secrets/kakeibo/database-url
- name: KAKEIBO_AUTH__SIGNING_KEY_FILE
  value: /run/secrets/kakeibo/token-signing-key
- name: KAKEIBO_BANK__CREDENTIAL_KEYS_FILE
  value: /run/secrets/kakeibo/credential-keys
{{- if include "kakeibo.hasTelegram" . }}
- name: KAKEIBO_TELEGRAM__BOT_TOKEN_FILE
  value: /run/secrets/kakeibo/telegram-bot-token
- name: KAKEIBO_TELEGRAM__BOT_USERNAME
  value: {{ required "bot.username is needed with a Telegram bot token" .Values.bot.username | quote }}
{{- end }}
{{- if include "kakeibo.hasSmtp" . }}
- name: KAKEIBO_EMAIL__SMTP_URL_FILE
  value: /run/secrets/kakeibo/smtp-url
{{- end }}
{{- if include "kakeibo.hasLlmKey" . }}
- name: KAKEIBO_LLM__API_KEY_FILE
  value: /run/secrets/kakeibo/llm-api-key
{{- end }}
- name: KAKEIBO_DATABASE__MIGRATE_ON_START
  value: "false"
- name: KAKEIBO_SERVER__PUBLIC_URL
  value: {{ .Values.config.publicUrl | quote }}
- name: KAKEIBO_SERVER__TRUST_PROXY_HEADERS
  value: {{ .Values.ingress.enabled | quote }}
- name: KAKEIBO_LOG__FORMAT
  value: {{ .Values.config.logFormat | quote }}
- name: KAKEIBO_LOG__FILTER
  value: {{ .Values.config.logFilter | quote }}
- name: KAKEIBO_WORKER__CONCURRENCY
  value: {{ .Values.worker.concurrency | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Volumes: the secret files, and the writable places of a read-only root filesystem. */}}
{{- define "kakeibo.volumes" -}}
- name: secrets
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "kakeibo.secretName" . }}
          items:
            {{- if ne .Values.postgres.mode "cloudnativepg" }}
            - {key: database-url, path: database-url}
            {{- end }}
            - {key: token-signing-key, path: token-signing-key}
            - {key: credential-keys, path: credential-keys}
            {{- if include "kakeibo.hasTelegram" . }}
            - {key: telegram-bot-token, path: telegram-bot-token}
            {{- end }}
            {{- if include "kakeibo.hasSmtp" . }}
            - {key: smtp-url, path: smtp-url}
            {{- end }}
            {{- if include "kakeibo.hasLlmKey" . }}
            - {key: llm-api-key, path: llm-api-key}
            {{- end }}
      {{- if eq .Values.postgres.mode "cloudnativepg" }}
      - secret:
          name: {{ include "kakeibo.cnpgCluster" . }}-app
          items:
            - {key: uri, path: database-url}
      {{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
- name: exports
  {{- if .Values.persistence.exports.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.persistence.exports.existingClaim }}
  {{- else }}
  emptyDir: {}
  {{- end }}
- name: outbox
  {{- if .Values.persistence.outbox.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.persistence.outbox.existingClaim }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- end -}}

{{- define "kakeibo.volumeMounts" -}}
- {name: secrets, mountPath: /run/secrets/kakeibo, readOnly: true}
- {name: tmp, mountPath: /tmp}
- {name: exports, mountPath: /var/lib/kakeibo/exports}
- {name: outbox, mountPath: /var/lib/kakeibo/outbox}
{{- end -}}
