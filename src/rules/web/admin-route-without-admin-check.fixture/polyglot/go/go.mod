module example.com/backoffice

go 1.22

require github.com/gin-gonic/gin v1.9.1
