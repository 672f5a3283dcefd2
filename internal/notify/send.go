package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// SMTPConfig is the mail server: JIAOLIU_SMTP_URL
// (smtp://user:password@host:port) and JIAOLIU_SMTP_FROM.
type SMTPConfig struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string
}

// ParseSMTP reads the mail server's URL and sender address; an empty URL
// means no mail.
func ParseSMTP(raw, from string) (*SMTPConfig, error) {
	if raw == "" {
		return nil, nil
	}
	bad := app.Errorf(app.Invalid, "JIAOLIU_SMTP_URL 应为 smtp://用户名:密码@主机:端口", "JIAOLIU_SMTP_URL must be smtp://user:password@host:port")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, bad
	}
	c := &SMTPConfig{Host: u.Hostname(), Port: 25, From: strings.TrimSpace(from)}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil {
			return nil, bad
		}
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if c.From == "" {
		return nil, app.Errorf(app.Invalid, "使用 JIAOLIU_SMTP_URL 时须设置发件地址 JIAOLIU_SMTP_FROM", "JIAOLIU_SMTP_FROM is needed with JIAOLIU_SMTP_URL")
	}
	return c, nil
}

// String names the server for logs, without the password.
func (c *SMTPConfig) String() string { return fmt.Sprintf("smtp://%s:%d", c.Host, c.Port) }

// sendMail sends one plain-text message.
func (c *SMTPConfig) sendMail(to, subject, body, key string) error {
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", c.From, to,
		mime.BEncoding.Encode("UTF-8", subject), time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&msg, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\nX-Jiaoliu-Delivery: %s\r\n\r\n", key)
	msg.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	msg.WriteString("\r\n")
	var auth smtp.Auth
	if c.User != "" {
		auth = smtp.PlainAuth("", c.User, c.Password, c.Host)
	}
	err := smtp.SendMail(net.JoinHostPort(c.Host, strconv.Itoa(c.Port)), auth, c.From, []string{to}, msg.Bytes())
	if err != nil {
		return fmt.Errorf("smtp %s: %w", c, err)
	}
	return nil
}

// postRobot posts a text message to a WeCom or DingTalk group robot; both
// take the same body and answer errcode 0. The error never holds the URL,
// which is a secret.
func postRobot(ctx context.Context, client *http.Client, hook, text string) error {
	body, err := json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": text}})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		return errors.New("robot: invalid webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("robot: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("robot: status %d", resp.StatusCode)
	}
	var ans struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(raw, &ans) == nil && ans.ErrCode != nil && *ans.ErrCode != 0 {
		return fmt.Errorf("robot: errcode %d %.100s", *ans.ErrCode, ans.ErrMsg)
	}
	return nil
}
