{{/* This release's objects: lakehouse-operator, or lakehouse-operator-<shard> for a shard's release, so several
releases (shards) of the chart live in one cluster without clashing. */}}
{{- define "lakehouse.name" -}}lakehouse-operator{{ with .Values.shard.name }}-{{ . }}{{ end }}{{- end -}}

{{/* The ClusterRoles that every release binds by these names (the operator knows them): one release installs them
(sharedRoles.create). */}}
{{- define "lakehouse.sharedName" -}}lakehouse-operator{{- end -}}

{{/* The label selector of the lakehouse resources this release reconciles; empty: all of them. */}}
{{- define "lakehouse.shardSelector" -}}
{{- if .Values.shard.selector -}}{{ .Values.shard.selector }}
{{- else if .Values.shard.name -}}lakehouse.dev/shard={{ .Values.shard.name }}
{{- end -}}
{{- end -}}

{{- define "lakehouse.labels" -}}
app.kubernetes.io/name: lakehouse-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "lakehouse.selector" -}}
app.kubernetes.io/name: lakehouse-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
