package org.jsasl.crypt;

/**
 * One row of {@code crypt-rejected-settings.tsv}: a setting libxcrypt refuses ({@code *0}), so
 * {@code crypt(password, setting)} must throw {@link InvalidSettingException}.
 *
 * @param format the format the setting was meant for
 * @param password the raw password bytes (a fresh copy on every call)
 * @param setting the setting, with {@code \xHH} escapes already turned into the characters U+00HH
 * @param note why libxcrypt refuses it
 */
public record RejectedSetting(String format, byte[] password, String setting, String note) {

    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return format + " " + setting.replaceAll("[^\\x21-\\x7e]", "?") + " (" + note + ")";
    }
}
