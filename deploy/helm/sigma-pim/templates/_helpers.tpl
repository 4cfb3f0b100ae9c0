{{/* Release-scoped name prefix. */}}
{{- define "sigma-pim.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sigma-pim.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector of one app: (dict "root" $ "name" "records") */}}
{{- define "sigma-pim.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "sigma-pim.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The operator-made Secret: never defaulted, the release fails without it. */}}
{{- define "sigma-pim.secretName" -}}
{{- required "secrets.existingSecret is required: a Secret with jwt-secret, postgres-password and nats-password-<app> (README)" .Values.secrets.existingSecret -}}
{{- end -}}

{{/* DATABASE_URL: whole from postgres.databaseUrlSecret, else built from postgres.* and the Secret's
password (POSTGRES_PASSWORD must be defined before it in the env list). */}}
{{- define "sigma-pim.databaseEnv" -}}
{{- with .Values.postgres.databaseUrlSecret.name -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.postgres.databaseUrlSecret.key }}
{{- else -}}
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sigma-pim.secretName" . }}
      key: postgres-password
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s:%d/%s?sslmode=%s" .Values.postgres.user .Values.postgres.host (int .Values.postgres.port) .Values.postgres.database .Values.postgres.sslmode | quote }}
{{- end }}
{{- end -}}

{{/* Secret-backed environment of one app: (dict "root" $ "name" "records") */}}
{{- define "sigma-pim.secretEnv" -}}
{{ include "sigma-pim.databaseEnv" .root }}
{{- $credentials := index .root.Values.nats.credentials .name | default dict }}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $credentials.existingSecret | default (include "sigma-pim.secretName" .root) }}
      key: {{ $credentials.key | default (printf "nats-password-%s" .name) }}
{{- /* Every server of the cluster, each with the app's user (the client takes them from the first). */}}
{{- $scheme := ternary "tls" "nats" .root.Values.nats.tls }}
{{- $servers := .root.Values.nats.servers | default (list (printf "%s:%d" .root.Values.nats.host (int .root.Values.nats.port))) }}
{{- $urls := list }}
{{- range $servers }}
{{- $urls = append $urls (printf "%s://%s:$(NATS_PASSWORD)@%s" $scheme $.name .) }}
{{- end }}
- name: NATS_URL
  value: {{ join "," $urls | quote }}
{{- if eq .name "gateway" }}
- name: JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "sigma-pim.secretName" .root }}
      key: jwt-secret
{{- end }}
{{- end -}}
